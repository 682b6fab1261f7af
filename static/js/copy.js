// "Copy" beside a read-only address: shown only where script runs, since without it the
// address is selected and copied like any text.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector("[data-copied]");
  button.hidden = false;
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      // No clipboard access (an insecure origin, a refused permission): the address is
      // selected, so the person copies it themselves.
      return;
    }
    if (status) status.hidden = false;
  });
});
