// A search box above each long list (<select data-search="label">: time zones grouped by country, people to pin
// or leave out, countries): typing words keeps only the options that contain them all (an option also matches
// through its group's label, a country), accents and case aside. In a single-choice list the first match is
// chosen; in a multiple-choice list the choices already made stay chosen. Without this script the list works as
// a plain list (grouped where it has groups; typing on it jumps to an option).
(() => {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  document.querySelectorAll("select[data-search]").forEach((select, index) => {
    const options = Array.from(select.options).map((option) => ({
      option,
      text: fold(`${option.parentElement.tagName === "OPTGROUP" ? option.parentElement.label : ""} ${option.textContent}`),
    }));
    const groups = Array.from(select.querySelectorAll("optgroup"));
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "search";
    input.id = `${select.id || "list"}-search-${index}`;
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    label.htmlFor = input.id;
    label.textContent = select.dataset.search;
    label.className = "select-search-label";
    select.before(label, input);

    input.addEventListener("input", () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let first = null;
      for (const { option, text } of options) {
        const match = words.every((word) => text.includes(word));
        option.hidden = !match && !(select.multiple && option.selected);
        if (match && !first) first = option;
      }
      for (const group of groups) group.hidden = Array.from(group.children).every((option) => option.hidden);
      if (!select.multiple && first && words.length) select.value = first.value;
    });
  });
})();
