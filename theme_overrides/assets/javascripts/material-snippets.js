/* Material's small inline scripts, moved into this file so the page's
 * Content-Security-Policy (main.html) can forbid inline script. Each former inline
 * <script> is now <script src=".../material-snippets.js" data-md-snippet="NAME"> at the
 * same place in the page (partials/javascripts/*.html), loaded synchronously like the
 * original, so it runs at the same moment, before Material's bundle. The file is fetched
 * once and then comes from the cache.
 *
 * Each function body is Material 9.8's minified snippet, copied verbatim (Zensical 0.0.73
 * ships the same ones) from partials/javascripts/<NAME>.html, the one template value
 * (outdated: base_url) read from the tag's data-md-base. Re-copy when upgrading Material.
 * The site's configuration uses only "content"; the others are here so that turning on a
 * palette toggle, content.tabs.link, a dismissible announcement, the version warning or
 * the cookie consent does not silently break under the policy.
 */
(function () {
  var me = document.currentScript;
  if (!me) return;

  var snippets = {
    // partials/javascripts/content.html: open the content tab a #link points at.
    content: function () {
      var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
    },
    // partials/javascripts/content.html with content.tabs.link: restore linked tabs.
    tabs: function () {
      var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
    },
    // partials/javascripts/palette.html: the reader's colour scheme, before paint.
    palette: function () {
      var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
    },
    // partials/javascripts/announce.html: keep a dismissed announcement hidden.
    announce: function () {
      var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
    },
    // partials/javascripts/outdated.html: the "not the latest version" banner.
    outdated: function () {
      var el=document.querySelector("[data-md-component=outdated]"),base=new URL(me.getAttribute("data-md-base")),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
    },
    // partials/javascripts/consent.html: the cookie-consent form.
    consent: function () {
      var consent=__md_get("__consent");if(consent)for(var input of document.forms.consent.elements)input.name&&(input.checked=consent[input.name]||!1);else"file:"!==location.protocol&&setTimeout((function(){document.querySelector("[data-md-component=consent]").hidden=!1}),250);var form=document.forms.consent;for(var action of["submit","reset"])form.addEventListener(action,(function(e){if(e.preventDefault(),"reset"===e.type)for(var n of document.forms.consent.elements)n.name&&(n.checked=!1);__md_set("__consent",Object.fromEntries(Array.from(new FormData(form).keys()).map((function(e){return[e,!0]})))),location.hash="",location.reload()}))
    }
  };

  // Several names run in order, each on its own as separate inline scripts did: an error
  // in one is reported (as an uncaught error, like before) and the next still runs.
  (me.getAttribute("data-md-snippet") || "").split(/\s+/).forEach(function (name) {
    if (!Object.prototype.hasOwnProperty.call(snippets, name)) return;
    try {
      snippets[name]();
    } catch (err) {
      setTimeout(function () { throw err; });
    }
  });
})();
