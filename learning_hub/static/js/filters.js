// Filter panels (<details data-open-wide>) start open on a wide screen; on a phone they stay folded so the
// first result is near the top. Without this script the panel is folded unless a filter is on.
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 40rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach(function (panel) { panel.open = true; });
})();
