// The project timeline: each milestone's planned date in every baseline version, the current plan
// and the actual date. Data comes from the json_script the page renders; no inline script (CSP).
(function () {
  function draw() {
    var el = document.getElementById("project-timeline");
    var source = document.getElementById("project-timeline-data");
    if (!el || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    el.style.height = Math.max(220, 60 + 40 * data.milestones.length) + "px";
    var series = data.versions.map(function (v) {
      return {
        name: el.dataset.labelBaseline + " v" + v.version, type: "scatter", symbol: "diamond", symbolSize: 12,
        data: data.ids.map(function (id, i) { return v.dates[id] ? [v.dates[id], i] : null; })
          .filter(function (p) { return p !== null; })
      };
    });
    series.push({
      name: el.dataset.labelPlanned, type: "scatter", symbol: "rect", symbolSize: 10,
      data: data.planned.map(function (d, i) { return [d, i]; }),
      markLine: { symbol: "none", silent: true, lineStyle: { type: "dashed", color: "#d63939" },
                  label: { formatter: el.dataset.labelToday }, data: [{ xAxis: data.today }] }
    });
    series.push({
      name: el.dataset.labelActual, type: "scatter", symbol: "circle", symbolSize: 12, itemStyle: { color: "#2fb344" },
      data: data.actual.map(function (d, i) { return d ? [d, i] : null; }).filter(function (p) { return p !== null; })
    });
    // The axis spans every date shown and today, with a fortnight either side.
    var all = [data.today].concat(data.planned, data.actual.filter(Boolean));
    data.versions.forEach(function (v) { Object.keys(v.dates).forEach(function (k) { all.push(v.dates[k]); }); });
    var times = all.map(function (d) { return Date.parse(d); });
    var pad = 15 * 24 * 3600 * 1000;
    var chart = window.echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: function (p) {
        // Milestone names are users' text: escape before ECharts renders the tooltip as HTML.
        var esc = window.echarts.format.encodeHTML;
        return esc(p.seriesName) + "<br>" + esc(data.milestones[p.value[1]]) + ": " + esc(p.value[0]); } },
      legend: { top: 0 },
      grid: { left: 140, right: 30, top: 40, bottom: 30 },
      xAxis: { type: "time", min: Math.min.apply(null, times) - pad, max: Math.max.apply(null, times) + pad },
      yAxis: { type: "category", data: data.milestones, inverse: true },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.setAttribute("data-rendered", "true");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
