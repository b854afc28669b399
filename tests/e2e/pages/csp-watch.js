// Records Content-Security-Policy violations for the test to read (an external file: the
// page's own policy forbids inline scripts).
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
