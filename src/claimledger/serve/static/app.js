// claimledger pages: the one script, served from this server (the CSP allows no inline script).
// Focusing or hovering one part of an attribution outlines all its parts (source, cue, content).
"use strict";
(function () {
  function mark(id, on) {
    document.querySelectorAll('.hl[data-attribution]').forEach(function (el) {
      if (el.getAttribute('data-attribution') === id) { el.classList.toggle('linked', on); }
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.hl[data-attribution]').forEach(function (el) {
      var id = el.getAttribute('data-attribution');
      ['mouseenter', 'focus'].forEach(function (e) { el.addEventListener(e, function () { mark(id, true); }); });
      ['mouseleave', 'blur'].forEach(function (e) { el.addEventListener(e, function () { mark(id, false); }); });
    });
  });
})();
