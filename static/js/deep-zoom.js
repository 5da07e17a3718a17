// The deep-zoom viewer of an object's page (OpenSeadragon, static/vendor/openseadragon,
// over the image's IIIF level 0 tiles). Without scripts, or while the tiles are not made
// yet, the page shows the plain image; the viewer replaces it once its info.json answers.
(function () {
  "use strict";
  var container = document.querySelector("[data-deep-zoom]");
  if (!container || !window.OpenSeadragon || !window.fetch) {
    return;
  }

  function makeViewer(info) {
    // OpenSeadragon adds an inline stylesheet unless it finds one marked as its own, and
    // the site's policy refuses inline styles (even an empty one). Its only rule hides
    // the focus outline on touch screens, which is not wanted anyway: while the viewer
    // is made, its look-up is told the sheet is there.
    var ownSheet = "style[data-openseadragon-mobile-css]";
    document.querySelector = function (selector) {
      if (selector === ownSheet) {
        return document.head;
      }
      return Document.prototype.querySelector.call(document, selector);
    };
    try {
      return OpenSeadragon({
        element: container.querySelector(".deep-zoom__viewer"),
        tileSources: info,
        drawer: "canvas",
        zoomInButton: "deep-zoom-in",
        zoomOutButton: "deep-zoom-out",
        homeButton: "deep-zoom-home",
        fullPageButton: "deep-zoom-full",
        gestureSettingsMouse: { scrollToZoom: false },
        visibilityRatio: 1,
      });
    } finally {
      delete document.querySelector;
    }
  }

  fetch(container.getAttribute("data-deep-zoom"))
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (info) {
      if (!info) {
        return;
      }
      container.hidden = false;
      // The plain image gives way; its caption and credit stay.
      var plain = document.querySelector("[data-deep-zoom-plain]");
      var picture = plain && (plain.querySelector("picture") || plain.querySelector("img"));
      if (picture) {
        picture.hidden = true;
      }
      var viewer = makeViewer(info);
      // Focused, the viewer takes the arrow keys, + and -; its name says so.
      viewer.canvas.setAttribute("role", "application");
      viewer.canvas.setAttribute("aria-labelledby", "deep-zoom-label");
      viewer.canvas.setAttribute("aria-describedby", "deep-zoom-help");
    })
    .catch(function () {
      // The plain image stays.
    });
})();
