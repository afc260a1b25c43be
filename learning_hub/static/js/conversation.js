// A conversation page: once the page is shown, mark its messages read (a POST, as every change is) and update the
// header's unread badge. Without JavaScript the page offers a "Mark as read" button doing the same.
(() => {
  "use strict";
  const markRead = () => {
    const form = document.querySelector("form[data-mark-read]");
    if (!form || document.visibilityState !== "visible") return;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        form.remove();
        const badge = document.querySelector("[data-unread-badge]");
        if (badge) {
          if (data.total_unread > 0) badge.textContent = String(data.total_unread);
          else badge.remove();
        }
      })
      .catch(() => {});
  };
  document.addEventListener("DOMContentLoaded", markRead);
  document.addEventListener("visibilitychange", markRead);
})();
