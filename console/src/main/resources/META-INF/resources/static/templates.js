// Template editor: once a preview is shown, changing the sample data, profile id or locale renders it again
// (debounced), through the console's JSON preview endpoint. The page works without this file.
(function () {
  'use strict';
  var form = document.getElementById('template-form');
  if (!form || !window.fetch) {
    return;
  }
  var url = form.getAttribute('data-preview-url');
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var timer = null;

  function setText(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value == null ? '' : value;
    }
  }

  function show(answer) {
    var problems = document.getElementById('preview-live-problems');
    if (!problems) {
      problems = document.createElement('div');
      problems.id = 'preview-live-problems';
      problems.setAttribute('role', 'alert');
      document.getElementById('preview-result').prepend(problems);
    }
    problems.textContent = '';
    problems.className = '';
    if (!answer.preview) {
      problems.className = 'problems';
      (answer.problems || []).forEach(function (p) {
        var line = document.createElement('p');
        line.textContent = (p.field ? p.field + ' ' : '') + p.problem;
        problems.appendChild(line);
      });
      return;
    }
    var rendered = answer.preview.rendered || {};
    var frame = document.getElementById('preview-html');
    if (frame) {
      frame.setAttribute('srcdoc', rendered.html || '');
    }
    setText('preview-subject', rendered.subject);
    setText('preview-text', rendered.text);
    setText('preview-title', rendered.title);
    setText('preview-body', rendered.body);
    var sms = answer.preview.sms;
    if (sms) {
      setText('preview-sms', sms.encoding + ' ' + sms.length + ' characters · ' + sms.segments
        + (sms.segments === 1 ? ' segment' : ' segments'));
    }
  }

  function refresh() {
    var body = new URLSearchParams();
    ['sample', 'profileId', 'previewLocale'].forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        body.append(name, field.value);
      }
    });
    fetch(url, {
      method: 'POST', credentials: 'same-origin', body: body,
      headers: { 'X-CSRF-Token': token, 'Accept': 'application/json' }
    }).then(function (response) {
      return response.json();
    }).then(show).catch(function () { /* the Preview button still works */ });
  }

  form.addEventListener('input', function (event) {
    var name = event.target && event.target.name;
    if (!document.getElementById('preview') || ['sample', 'profileId', 'previewLocale'].indexOf(name) < 0) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  });
})();
