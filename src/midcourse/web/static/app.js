// midcourse: the little JavaScript the app needs (no inline scripts: the CSP forbids them).
document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const text = document.getElementById(copy.dataset.copy).innerText.trim();
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    const done = document.getElementById("copied");
    if (done) { done.hidden = false; }
  }
  if (event.target.id === "print") { window.print(); }
});

document.addEventListener("input", (event) => {
  const out = event.target.dataset && event.target.dataset.show;
  if (out) { document.getElementById(out).textContent = event.target.value; }
});

function showStatusFields() {
  const status = document.getElementById("status");
  if (!status) { return; }
  const attended = status.value === "attended";
  document.querySelectorAll(".attended-only").forEach((el) => { el.hidden = !attended; });
  document.querySelectorAll(".missed-only").forEach((el) => { el.hidden = attended; });
}
document.addEventListener("change", (event) => { if (event.target.id === "status") { showStatusFields(); } });
document.addEventListener("DOMContentLoaded", showStatusFields);
document.addEventListener("htmx:load", showStatusFields);
