// Import pages: while a long check or import runs on the server, show its progress.
// The form posts normally; this polls the job's progress URL and fills the bar.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-progress]")) return;
  var url = form.getAttribute("data-progress");
  var holder = form.querySelector("[data-progress-bar]");
  form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  if (!url || !holder) return;
  holder.classList.remove("d-none");
  var bar = holder.querySelector(".progress-bar");
  var timer = window.setInterval(function () {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p || !p.total) return;
        var percent = Math.min(100, Math.round((100 * p.done) / p.total));
        bar.style.width = percent + "%";
        bar.textContent = p.done + " / " + p.total;
      })
      .catch(function () { window.clearInterval(timer); });
  }, 800);
});
