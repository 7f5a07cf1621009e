// The leadership dashboard's charts. Data comes from json_script blocks (no inline script, so a
// strict CSP holds); ECharts is vendored. Clicking a bar or slice opens the list behind it.
(function () {
  "use strict";
  var charts = [];
  var quiet = window.matchMedia && window.matchMedia("print").matches || navigator.webdriver;

  function option(data) {
    var base = { animation: !quiet, tooltip: { trigger: data.kind === "pie" ? "item" : "axis" },
                 legend: { top: 0 }, grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true } };
    if (data.kind === "pie") {
      base.series = [{ type: "pie", radius: ["35%", "65%"], top: 24,
        data: data.labels.map(function (label, i) { return { name: label, value: data.series[0].data[i] }; }) }];
      return base;
    }
    var horizontal = data.kind === "hbar";
    var category = { type: "category", data: data.labels, axisLabel: { interval: 0, width: 140, overflow: "truncate" } };
    var values = [{ type: "value", name: data.unit || "" }];
    if (data.series.some(function (s) { return s.axis === 1; })) values.push({ type: "value", splitLine: { show: false } });
    base.xAxis = horizontal ? values[0] : category;
    base.yAxis = horizontal ? Object.assign({}, category, { inverse: true }) : values;
    base.series = data.series.map(function (s) {
      var series = { type: data.kind === "line" ? "line" : "bar", name: s.name, data: s.data };
      if (s.axis === 1 && !horizontal) { series.yAxisIndex = 1; series.type = "line"; }
      return series;
    });
    return base;
  }

  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source || !window.echarts) return;
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(data));
      chart.on("click", function (params) {
        var url = data.links[params.dataIndex];
        if (url) window.location.href = url;
      });
      el.setAttribute("data-drawn", "true");
      charts.push(chart);
    });
  }

  // Printing: no animation (bars must not be caught mid-flight) and charts re-laid out to the page.
  function forPrint() {
    charts.forEach(function (c) { c.setOption({ animation: false }); c.resize(); });
  }
  window.addEventListener("beforeprint", forPrint);
  if (window.matchMedia) {
    var media = window.matchMedia("print");
    if (media.addEventListener) media.addEventListener("change", function (e) { if (e.matches) forPrint(); });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.addEventListener("DOMContentLoaded", draw);
})();
