// The printable week's "Print this week" button: shown only where script runs, since without
// it the browser's own Print does the same.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
