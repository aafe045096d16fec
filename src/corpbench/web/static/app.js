// corpbench: start the NHS design system's components and draw the charts.
// Each chart is a Vega-Lite spec in a <script type="application/json"> element named by the
// container's data-vega-spec attribute; the table beside it holds the same figures.
import { initAll } from "/static/vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

function drawCharts(root) {
  if (typeof window.vegaEmbed !== "function") return;
  root.querySelectorAll("[data-vega-spec]").forEach((el) => {
    const source = document.getElementById(el.dataset.vegaSpec);
    if (!source || el.dataset.drawn) return;
    el.dataset.drawn = "1";
    const spec = JSON.parse(source.textContent);
    // ast + the expression interpreter: no eval, so the strict Content-Security-Policy holds
    window.vegaEmbed(el, spec, {
      mode: "vega-lite",
      actions: false,
      ast: true,
      renderer: "svg",
      defaultStyle: false,
      tooltip: false, // vega-tooltip injects a <style> element, which the CSP forbids
    }).catch((err) => {
      el.textContent = "The chart could not be drawn; the table below has the same figures.";
      console.error(err);
    });
  });
}

drawCharts(document);
document.body.addEventListener("htmx:afterSwap", (event) => drawCharts(event.target));

// A benchmark request that the server refuses (say a function the chosen year's return lacks)
// or that cannot be sent is not swapped in by htmx, which would leave the controls showing
// choices whose figures are not on the page. Open its address as a whole page instead: the
// page, its controls and the address then agree, as they do without JavaScript.
function openWhole(event) {
  const path = event.detail.pathInfo && event.detail.pathInfo.finalRequestPath;
  if (path && event.detail.elt && event.detail.elt.id === "benchmark") {
    window.location.assign(path);
  }
}
document.body.addEventListener("htmx:responseError", openWhole);
document.body.addEventListener("htmx:sendError", openWhole);
