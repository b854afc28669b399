// The demo shop's own script: wires its buttons to the widget's public API and logs the widget's
// events, the way a merchant's analytics would. Not part of the widget.
const help = document.getElementById('help');
const log = document.getElementById('demo-log');

document.getElementById('track-parcel').addEventListener('click', () => {
  help.track(document.getElementById('tracking-number').textContent.trim());
});
for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', () => help.setLang(button.dataset.lang));
}
for (const name of ['selfhelp:open', 'selfhelp:close', 'selfhelp:lang']) {
  document.addEventListener(name, (event) => {
    log.textContent = `Event ${name} ${JSON.stringify(event.detail)}`;
  });
}
