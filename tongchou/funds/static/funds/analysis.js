// The fund usage analysis charts. Data comes from the page's json_script; no inline script (CSP).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("fund-chart-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  // Browsers driven by tests get no animation, so screenshots never catch bars mid-flight.
  var animate = !navigator.webdriver;
  var bars = document.getElementById("chart-programmes");
  if (bars) {
    echarts.init(bars).setOption({
      animation: animate,
      tooltip: { trigger: "axis" },
      legend: { data: [data.labels.committed, data.labels.disbursed] },
      grid: { left: 60, right: 20, bottom: 80 },
      xAxis: { type: "category", data: data.programmes, axisLabel: { interval: 0, rotate: 20 } },
      yAxis: { type: "value", name: data.labels.unit },
      series: [
        { name: data.labels.committed, type: "bar", data: data.committed },
        { name: data.labels.disbursed, type: "bar", data: data.disbursed }
      ]
    });
  }
  var pie = document.getElementById("chart-use");
  if (pie) {
    var notPaid = Math.max(0, Math.round((data.totals.committed - data.totals.disbursed) * 100) / 100);
    echarts.init(pie).setOption({
      animation: animate,
      tooltip: { trigger: "item", formatter: "{b}: {c} " + data.labels.unit + " ({d}%)" },
      series: [{
        type: "pie", radius: ["40%", "70%"],
        data: [
          { name: data.labels.disbursed, value: data.totals.disbursed },
          { name: data.labels.committed + " − " + data.labels.disbursed, value: notPaid },
          { name: data.labels.remaining, value: data.totals.remaining }
        ]
      }]
    });
  }
});
