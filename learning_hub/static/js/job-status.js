// Live progress of background jobs, without reloading the page.
//
// Each element `.job-status[data-job-url]` is polled through the JSON job-status endpoint every few seconds and
// its text and progress bar are updated in place. When the job ends, a page that shows the job's results
// (`data-job-reload`) is reloaded once, but only if no form on it is being filled in; otherwise (and on pages
// that only report the job) the "refresh" link that stands in for this script without JavaScript is offered.
(() => {
  "use strict";
  const INTERVAL_MS = 3000;

  const formBeingFilled = () => {
    const active = document.activeElement;
    if (active && active.form && !["submit", "button", "reset"].includes(active.type)) return true;
    for (const el of document.querySelectorAll("input, textarea, select")) {
      if (el.type === "hidden" || el.type === "submit" || el.type === "button") continue;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked !== el.defaultChecked) return true;
      } else if (el.tagName === "SELECT") {
        for (const option of el.options) if (option.selected !== option.defaultSelected) return true;
      } else if (el.value !== el.defaultValue) {
        return true;
      }
    }
    return false;
  };

  // A percentage written as the page's language writes it ("40 %" in French), like the server does.
  const percent = (value) => {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" }).format(value / 100);
    } catch (error) {
      return `${value}%`;
    }
  };

  const render = (box, job) => {
    const text = box.querySelector(".job-text");
    const bar = box.querySelector("progress");
    box.className = box.className.replace(/\bjob-(queued|running|done|failed|interrupted)\b/, `job-${job.status}`);
    if (job.status === "queued") {
      text.textContent = box.dataset.labelQueued;
    } else if (job.status === "running") {
      text.textContent = box.dataset.labelRunning.replace("{pct}", percent(job.progress))
        + (job.message ? ` · ${job.message}` : "");
    } else if (job.status === "done") {
      text.textContent = box.dataset.labelDone;
    } else if (job.status === "interrupted") {
      text.textContent = box.dataset.labelInterrupted;
    } else {
      text.textContent = box.dataset.labelFailed.replace("{error}", job.error || "");
    }
    if (bar) {
      if (job.status !== "queued" && job.status !== "running") {
        bar.remove();
      } else {
        bar.value = job.progress;
        bar.textContent = percent(job.progress);
      }
    }
  };

  const finish = (box, job) => {
    const link = box.querySelector(".job-refresh");
    if (!box.hasAttribute("data-job-reload")) {
      if (!link) return;
      if (job.can_retry) {
        link.textContent = box.dataset.labelShow; // the "Try again" button is on the refreshed page
        link.hidden = false;
      } else {
        link.remove(); // the box already says all there is to know
      }
    } else if (!formBeingFilled()) {
      window.location.reload();
    } else if (link) {
      link.textContent = box.dataset.labelShow;
      link.hidden = false;
    }
  };

  const watch = (box) => {
    if (box.dataset.jobWatched) return; // the script is included once per job box
    box.dataset.jobWatched = "1";
    const link = box.querySelector(".job-refresh");
    if (link) link.hidden = true; // this script takes over from the link
    const poll = () => {
      fetch(box.dataset.jobUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((job) => {
          render(box, job);
          if (job.status !== "queued" && job.status !== "running") finish(box, job);
          else window.setTimeout(poll, INTERVAL_MS);
        })
        .catch(() => {
          if (link) link.hidden = false; // the server is unreachable: let the person refresh by hand
          window.setTimeout(poll, INTERVAL_MS * 2);
        });
    };
    window.setTimeout(poll, INTERVAL_MS);
  };

  const start = () => document.querySelectorAll(".job-status[data-job-url]").forEach(watch);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
