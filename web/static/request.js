// 申请详情: one request (GET /api/v1/requests/{id}): its facts, the
// applicant's data when the API returned them (only to those who may see
// them), the due date and how it was reached, the timeline, and one small
// form per entry of allowed_events: the engine's list of what this person
// may record now. Nothing here decides what is allowed; a refusal comes
// back from the engine and is shown in its words beside the form.
'use strict';

GK.page('request', async () => {
  const { h, clear, labels } = GK;
  const id = GK.param('id') || '';
  const message = document.getElementById('message');
  let today = '';

  // The fields of each event's form, beyond its date (the CLI's flags).
  const optionsOf = (table) => Object.entries(labels[table]);
  const FIELDS = {
    'correction-request': [
      { name: 'window', label: '补正期限（工作日，可不填）', type: 'number', min: 1, max: 60 }],
    'consult-start': [{ name: 'party', label: '征求意见对象（第三方或机关）', type: 'text' }],
    'consult-end': [{ name: 'party', label: '征求意见对象（第三方或机关）', type: 'text', openParty: true }],
    extend: [{ name: 'days', label: '延长工作日数（不填为最长期限）', type: 'number', min: 1, max: 40 }],
    'fee-notice': [{ name: 'amount', label: '收费金额（元）', type: 'text', required: true }],
    decide: [
      { name: 'outcome', label: '办理结果', type: 'select', options: labels.outcome, required: true },
      { name: 'note', label: '说明（可不填）', type: 'text' }],
    appeal: [{ name: 'kind_of_appeal', label: '类别', type: 'select', options: optionsOf('appealKind') }],
    'appeal-resolve': [
      { name: 'result', label: '结果', type: 'select', options: optionsOf('appealResult') },
      { name: 'kind_of_appeal', label: '类别（可不填）', type: 'select',
        options: [['', '—']].concat(optionsOf('appealKind')) }],
    amend: [
      { name: 'reason', label: '更正原因', type: 'text', required: true },
      { name: 'subject', label: '申请内容（不改则不填）', type: 'text' },
      { name: 'channel', label: '受理方式', type: 'select', options: [['', '不改']].concat(optionsOf('channel')) },
      { name: 'applicant_type', label: '申请人类型', type: 'select',
        options: [['', '不改']].concat(optionsOf('applicantType')) },
      { name: 'received_on', label: '收到日期（不改则不填）', type: 'date', noDefault: true }],
  };
  // Events whose date is the receipt date of something, not an act of
  // the office: the date stays as asked (the engine's today by default).
  const NO_DATE = new Set(['amend']);

  if (!id) {
    refuse('没有指定申请编号。');
    return;
  }
  document.getElementById('title').textContent = `申请 ${id}`;
  document.title = `申请 ${id} - 政府信息公开申请办理系统`;
  today = await GK.today();
  await show();

  // The engine's refusal in its words, and its status word.
  function refuse(text, code) {
    document.getElementById('content').hidden = true;
    document.getElementById('refusal').hidden = false;
    document.getElementById('refusal-text').textContent = text;
    document.getElementById('refusal-code').textContent = code ? GK.statusWords[code] || code : '';
  }

  async function show() {
    let view;
    try {
      view = await GK.api('GET', '/requests/' + encodeURIComponent(id));
    } catch (e) {
      if (e instanceof GK.ApiError && e.status !== 401 && e.status !== 0 && e.status < 500) {
        refuse(e.message, e.code);
      } else {
        GK.showError(message, e);
      }
      return null;
    }
    document.getElementById('content').hidden = false;
    drawFacts(view);
    drawDue(view);
    drawApplicant(view.applicant);
    drawForms(view);
    drawTimeline(view.timeline || view.events || []);
    return view;
  }

  function fact(list, term, value) {
    if (value === undefined || value === null || value === '') return;
    list.append(h('dt', { text: term }), h('dd', {}, value));
  }

  function drawFacts(v) {
    const list = clear(document.getElementById('facts'));
    fact(list, '申请编号', GK.requestId(v));
    fact(list, '机关', v.agency_name ? `${v.agency_name}（${v.agency_code || v.agency}）` : v.agency_code);
    fact(list, '状态', h('span', { class: 'badge', id: 'status', text: GK.word('status', v.status) }));
    fact(list, '受理方式', GK.word('channel', v.channel));
    fact(list, '申请人类型', GK.word('applicantType', v.applicant_type));
    fact(list, '申请内容', v.subject);
    fact(list, '收到日期', v.received_on || v.received);
    if (v.outcome) fact(list, '办理结果', GK.outcomeLabel(v.outcome));
    if (v.closed_on) fact(list, '办结日期', `${v.closed_on}（${v.late ? '逾期' : '按期'}）`);
    if (v.regime) fact(list, '适用条例', v.regime === '2008' ? '2008年《条例》' : '2019年修订《条例》');
  }

  function drawDue(v) {
    const due = document.getElementById('due');
    due.textContent = v.due_date ? v.due_date : '期限中止计算';
    if (v.due_date && v.provisional) due.textContent += '（暂定）';
    const left = clear(document.getElementById('left'));
    left.append(GK.daysLeft(v));
    const list = clear(document.getElementById('explanation'));
    for (const line of v.explanation || []) list.append(h('li', { text: line }));
  }

  function drawApplicant(a) {
    const panel = document.getElementById('applicant-panel');
    panel.hidden = !a;
    if (!a) return;
    const list = clear(document.getElementById('applicant'));
    fact(list, '姓名或名称', a.name);
    fact(list, '证件号码', a.id_number);
    fact(list, '联系电话', a.phone);
    fact(list, '通讯地址', a.address);
    fact(list, '其他联系方式', a.contact);
  }

  // The party of the one consultation still open, to prefill consult-end.
  function openParty(v) {
    const open = (v.stops || []).filter((s) => s.kind === 'consultation' && !s.to);
    return open.length === 1 ? open[0].party || '' : '';
  }

  function control(kind, spec, v) {
    const cid = `ev-${kind}-${spec.name}`;
    let node;
    if (spec.type === 'select') {
      node = GK.select(cid, spec.options, '', { name: spec.name });
    } else {
      node = h('input', { type: spec.type, id: cid, name: spec.name, min: spec.min, max: spec.max,
        autocomplete: 'off' });
      if (spec.openParty) node.value = openParty(v);
    }
    if (spec.required) node.required = true;
    return GK.field(spec.label, node);
  }

  function drawForms(v) {
    const box = clear(document.getElementById('event-forms'));
    const allowed = v.allowed_events || [];
    document.getElementById('actions-hint').textContent = allowed.length
      ? '以下是您现在可以记录的办理事项（由系统根据申请状态和您的职责确定）。'
      : '您现在没有可以记录的办理事项。';
    for (const kind of allowed) box.append(eventForm(kind, v));
  }

  function eventForm(kind, v) {
    const title = GK.word('action', kind);
    const region = h('div', { class: 'message', 'aria-live': 'polite', id: `ev-${kind}-message` });
    const fields = h('div', { class: 'form-grid' });
    if (!NO_DATE.has(kind)) {
      const on = h('input', { type: 'date', id: `ev-${kind}-on`, name: 'on', value: today });
      fields.append(GK.field('日期', on));
    }
    for (const spec of FIELDS[kind] || []) fields.append(control(kind, spec, v));
    const submit = h('button', { type: 'submit', id: `ev-${kind}-submit`, text: '记录' });
    const form = h('form', { class: 'event-form', 'data-kind': kind, novalidate: true },
      h('fieldset', {}, h('legend', { text: title }), region, fields,
        h('div', { class: 'actions' }, submit)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { kind };
      for (const input of form.querySelectorAll('input, select')) {
        const value = input.value.trim();
        if (!value) continue;
        body[input.name] = input.type === 'number' ? Number(value) : value;
      }
      submit.disabled = true;
      try {
        await GK.api('POST', `/requests/${encodeURIComponent(id)}/events`, body);
        const after = await show();
        const due = after && after.due_date ? `当前答复期限：${after.due_date}。` : after ? '答复期限中止计算。' : '';
        GK.say(message, 'ok', `已记录「${title}」。${due}`);
        message.setAttribute('tabindex', '-1');
        message.focus();
      } catch (e) {
        GK.showError(region, e);
        submit.disabled = false;
      }
    });
    return form;
  }

  function details(kind, d) {
    if (!d) return '';
    const parts = [];
    for (const [key, value] of Object.entries(d)) {
      if (value === '' || value === null || value === undefined) continue;
      switch (key) {
        case 'party': parts.push(`对象：${value}`); break;
        case 'days': parts.push(`${value}个工作日`); break;
        case 'window_days': parts.push(`补正期限${value}个工作日`); break;
        case 'outcome': parts.push(GK.outcomeLabel(value)); break;
        case 'amount_fen': parts.push(`金额${(Number(value) / 100).toFixed(2)}元`); break;
        case 'kind': parts.push(GK.word('appealKind', value)); break;
        case 'result': parts.push(GK.word('appealResult', value)); break;
        case 'channel': parts.push(GK.word('channel', value)); break;
        case 'applicant_type': parts.push(GK.word('applicantType', value)); break;
        case 'approved_by': parts.push(`批准人：${value}`); break;
        case 'note': parts.push(`说明：${value}`); break;
        case 'reason': parts.push(`原因：${value}`); break;
        case 'agency_code': case 'subject': case 'applicant': break;
        default:
          if (typeof value !== 'object') parts.push(`${key}: ${value}`);
      }
    }
    return parts.join('；');
  }

  function drawTimeline(events) {
    const tbody = clear(document.querySelector('#timeline tbody'));
    for (const e of events) {
      tbody.append(h('tr', {},
        h('td', { class: 'num', text: e.sequence }),
        h('td', { class: 'nowrap', text: e.on || '' }),
        h('td', { text: e.title || GK.word('event', e.kind) }),
        h('td', { text: e.text || details(e.kind, e.details) }),
        h('td', { text: e.actor || '' })));
    }
    if (!events.length) {
      tbody.append(h('tr', {}, h('td', { colspan: '5', class: 'muted', text: '没有办理记录。' })));
    }
  }
});
