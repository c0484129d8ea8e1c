// 登记 (clerk): POST /api/v1/requests; shows the id, the due date and how
// the engine reached it. The agencies offered are those of the person's
// scope (/api/v1/agencies); the received date defaults to the engine's today.
'use strict';

GK.page('intake', async () => {
  const { h, clear, labels } = GK;
  const form = document.getElementById('intake-form');
  const message = document.getElementById('message');
  const received = document.getElementById('received');
  let today = '';

  function fill(select, entries) {
    clear(select);
    for (const [value, text] of entries) select.append(h('option', { value, text }));
  }

  const [agencies, clock] = await Promise.all([GK.agencies(), GK.today()]);
  today = clock;
  fill(document.getElementById('agency'), GK.agencyOptions(agencies));
  fill(document.getElementById('channel'), Object.entries(labels.channel));
  fill(document.getElementById('applicant-type'), Object.entries(labels.applicantType));
  received.value = today;
  received.max = today;

  form.addEventListener('reset', () => {
    // After the browser's reset: today again.
    setTimeout(() => { received.value = today; }, 0);
  });

  document.getElementById('another').addEventListener('click', () => {
    document.getElementById('result').hidden = true;
    form.reset();
    clear(message);
    document.getElementById('agency').focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id) => document.getElementById(id).value.trim();
    const missing = [];
    if (!value('applicant-name')) missing.push('姓名或名称');
    if (!value('subject')) missing.push('申请内容');
    if (!value('received')) missing.push('收到日期');
    if (missing.length) {
      GK.say(message, 'error', '请填写：' + missing.join('、') + '。');
      return;
    }
    const body = {
      agency_code: value('agency'),
      channel: value('channel'),
      applicant_type: value('applicant-type'),
      applicant: {
        name: value('applicant-name'),
        id_number: value('applicant-id'),
        phone: value('applicant-phone'),
        address: value('applicant-address'),
        contact: value('applicant-contact'),
      },
      subject: value('subject'),
      received_on: value('received'),
    };
    const save = document.getElementById('save');
    save.disabled = true;
    try {
      const reply = await GK.api('POST', '/requests', body);
      clear(message);
      showResult(reply);
      form.reset();
    } catch (e) {
      GK.showError(message, e);
    } finally {
      save.disabled = false;
    }
  });

  function showResult(reply) {
    const id = reply.request_id || reply.id;
    document.getElementById('result-id').textContent = id;
    document.getElementById('result-due').textContent = reply.due_date || '（期限中止计算）';
    const list = clear(document.getElementById('result-explanation'));
    for (const line of reply.explanation || []) list.append(h('li', { text: line }));
    document.getElementById('result-open').href = '/request.html?id=' + encodeURIComponent(id);
    const result = document.getElementById('result');
    result.hidden = false;
    document.getElementById('result-title').setAttribute('tabindex', '-1');
    document.getElementById('result-title').focus();
    GK.say(message, 'ok', `已登记申请 ${id}，答复期限 ${reply.due_date || '—'}。`);
  }
});
