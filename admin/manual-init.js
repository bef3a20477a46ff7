// Decap CMS waits for register.js (which registers the record formats the configuration
// names, then calls CMS.init()). A file rather than an inline script, so the published
// admin's Content-Security-Policy can forbid inline script.
window.CMS_MANUAL_INIT = true;
