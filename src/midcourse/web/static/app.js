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
  const clear = event.target.closest("[data-clear]");
  if (clear) { setRating(clear.dataset.clear, null); }
  if (event.target.id === "print") { window.print(); }
});

// A rating is stored only once its slider is touched: until then the hidden field stays empty.
function setRating(name, value) {
  const box = document.querySelector(`.rating[data-rating="${name}"]`);
  if (!box) { return; }
  box.querySelector(`input[name="${name}"]`).value = value === null ? "" : value;
  box.querySelector("output").textContent = value === null ? "not rated" : value;
  box.classList.toggle("unrated", value === null);
  const slider = box.querySelector("input[type=range]");
  if (value === null) { slider.setAttribute("aria-valuetext", "not rated"); } else { slider.removeAttribute("aria-valuetext"); }
}

function onSlider(event) {
  const name = event.target.dataset && event.target.dataset.ratingFor;
  if (name) { setRating(name, event.target.value); }
}
document.addEventListener("input", onSlider);
document.addEventListener("change", onSlider);
// A tap or click where the slider already stands changes nothing, so no input event comes: it is a rating all
// the same. Pointer up, not down: a finger that scrolls the page from a slider gets pointercancel, no rating.
document.addEventListener("pointerup", onSlider);
document.addEventListener("click", onSlider);
const RATING_KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
document.addEventListener("keyup", (event) => { if (RATING_KEYS.includes(event.key)) { onSlider(event); } });

function showStatusFields() {
  const status = document.getElementById("status");
  if (!status) { return; }
  const attended = status.value === "attended";
  const planned = status.value === "planned";
  document.querySelectorAll(".attended-only").forEach((el) => { el.hidden = !attended; });
  document.querySelectorAll(".missed-only").forEach((el) => { el.hidden = attended || planned; });
  document.querySelectorAll(".held-only").forEach((el) => { el.hidden = planned; });
}
document.addEventListener("change", (event) => {
  if (event.target.id === "status") { showStatusFields(); }
  if (event.target.id === "switch-record") { event.target.form.submit(); }
});
document.addEventListener("DOMContentLoaded", showStatusFields);
document.addEventListener("htmx:load", showStatusFields);
