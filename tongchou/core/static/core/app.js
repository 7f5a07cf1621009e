// Behaviour for every page, kept out of the HTML so a strict Content-Security-Policy holds.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("[data-autosubmit]")) {
    target.form.submit();
  }
});

// "Add a module" on the project form: clone the last empty row.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-add-row]");
  if (!button) return;
  event.preventDefault();
  var table = document.querySelector(button.getAttribute("data-add-row"));
  var template = table.querySelector("[data-row-template]");
  var row = template.cloneNode(true);
  row.removeAttribute("data-row-template");
  row.classList.remove("d-none");
  row.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; el.disabled = false; });
  table.querySelector("tbody").appendChild(row);
});

document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-remove-row]");
  if (!button) return;
  event.preventDefault();
  button.closest("tr").remove();
});

document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
