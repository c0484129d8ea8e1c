// 督办 (supervisor): the overdue worklist of an agency's subtree
// (GET /api/v1/overdue) with days overdue and acknowledgement, and the live
// alerts: the latest ones from GET /api/v1/alerts, then each new one as it
// is raised, by Server-Sent Events (/api/v1/alerts/stream) without a
// reload. An alert is acknowledged with a note (POST /api/v1/alerts/{seq}/ack).
'use strict';

GK.page('supervision', async (session) => {
  const { h, clear } = GK;
  const FEED_SHOWN = 30;
  const CATCH_UP_MS = 30000;
  const message = document.getElementById('message');
  const agency = document.getElementById('agency');
  const feed = document.getElementById('feed');
  const liveState = document.getElementById('live-state');
  const tbody = document.querySelector('#overdue tbody');
  const next = document.getElementById('next-page');
  const first = document.getElementById('first-page');
  let stream = null;
  let lastSequence = 0;
  let cursor = '';
  let nextCursor = '';
  let page = 1;
  const acknowledged = new Set();

  const agencies = await GK.agencies();
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  for (const [value, text] of GK.agencyOptions(agencies)) agency.append(h('option', { value, text }));
  agency.value = GK.param('agency') || session.agency_code || (agencies[0] && agencies[0].code) || '';

  function scope() {
    return agency.value ? 'agency=' + encodeURIComponent(agency.value) : '';
  }

  // An acknowledgement form: a labelled note and a button.
  function ackForm(sequence, where, after) {
    const nid = `ack-${where}-${sequence}`;
    const note = h('input', { type: 'text', id: nid, name: 'note', placeholder: '督办意见' });
    const button = h('button', { type: 'submit', text: '确认' });
    const form = h('form', { class: 'ack', novalidate: true },
      h('label', { for: nid, class: 'label', text: '说明' }), note, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        await GK.api('POST', `/alerts/${sequence}/ack`, { note: note.value.trim() });
        acknowledged.add(String(sequence));
        GK.say(message, 'ok', `已确认提醒 #${sequence}。`);
        markAcknowledged(sequence);
        if (after) await after();
      } catch (e) {
        GK.showError(message, e);
        button.disabled = false;
      }
    });
    return form;
  }

  function done() {
    return h('span', { class: 'badge closed', text: '已确认' });
  }

  function markAcknowledged(sequence) {
    for (const cell of document.querySelectorAll(`[data-ack="${sequence}"]`)) {
      clear(cell).append(done());
    }
  }

  // An alert's number: `seq` in the API (`sequence` accepted too).
  function seqOf(a) {
    return a.seq !== undefined ? a.seq : a.sequence;
  }

  // `via`: how it came: 'list' (on opening), 'stream' (Server-Sent
  // Events) or 'poll' (the catch-up behind the stream).
  function alertItem(a, via) {
    const seq = seqOf(a);
    const code = a.agency_code || a.agency || '';
    const level = a.level || '';
    const item = h('li', { class: via === 'list' ? '' : 'new', 'data-sequence': seq, 'data-level': level,
      'data-via': via },
      h('span', { class: 'muted', text: `#${seq}` }),
      h('span', { class: 'badge ' + level, text: GK.word('alertLevel', level) }),
      GK.requestLink(a.request_id),
      h('span', { text: a.agency_name || names.get(code) || code }),
      a.on ? h('span', { class: 'muted', text: `应于 ${a.on}` }) : null,
      a.due_date ? h('span', { class: 'muted', text: `答复期限 ${a.due_date}` }) : null,
      a.escalated ? h('span', { class: 'badge very_overdue', text: '已上报上级' }) : null);
    const cell = h('span', { 'data-ack': seq });
    if (a.acknowledged || acknowledged.has(String(seq))) cell.append(done());
    else cell.append(ackForm(seq, 'feed', loadOverdue));
    item.append(cell);
    return item;
  }

  // Adds an alert once; true when it was new.
  function addAlert(a, via) {
    if (!a || seqOf(a) === undefined) return false;
    const seq = Number(seqOf(a));
    if (feed.querySelector(`li[data-sequence="${seq}"]`)) return false;
    lastSequence = Math.max(lastSequence, seq);
    const empty = feed.querySelector('li.empty');
    if (empty) empty.remove();
    feed.prepend(alertItem(a, via));
    while (feed.children.length > FEED_SHOWN) feed.lastElementChild.remove();
    return true;
  }

  function arrived(a, via) {
    if (addAlert(a, via) && ['overdue', 'very_overdue'].includes(a.level)) loadOverdue();
  }

  async function loadAlerts() {
    clear(feed);
    lastSequence = 0;
    // The API pages forward from `since`: when the first page is not the
    // last, the latest ones are those after the last thousand numbers.
    let reply = await GK.api('GET', '/alerts?' + scope());
    if (reply.more && reply.last_sequence) {
      const since = Math.max(0, Number(reply.last_sequence) - 1000);
      reply = await GK.api('GET', `/alerts?${scope()}&since=${since}`);
    }
    const list = reply.alerts || [];
    for (const a of list.slice(-FEED_SHOWN)) addAlert(a, 'list');
    if (reply.last_sequence !== undefined) lastSequence = Math.max(lastSequence, Number(reply.last_sequence));
    if (!feed.children.length) feed.append(h('li', { class: 'empty muted', text: '暂无提醒。' }));
  }

  function follow() {
    if (stream) stream.close();
    const url = `/api/v1/alerts/stream?${scope()}&since=${lastSequence}`;
    stream = new EventSource(url);
    stream.addEventListener('open', () => {
      liveState.className = 'live-state on';
      liveState.textContent = '已连接';
    });
    stream.addEventListener('error', () => {
      liveState.className = 'live-state off';
      liveState.textContent = '连接中断，正在重新连接';
    });
    stream.addEventListener('alert', (event) => {
      let a;
      try {
        a = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      arrived(a, 'stream');
    });
  }

  // Behind the stream, a catch-up now and then: an alert the stream could
  // not bring (a proxy holding it back, a connection lost) still comes.
  async function catchUp() {
    try {
      const reply = await GK.api('GET', `/alerts?${scope()}&since=${lastSequence}`);
      for (const a of reply.alerts || []) arrived(a, 'poll');
    } catch (e) {
      // The next catch-up tries again; the stream may still bring them.
    }
  }
  setInterval(catchUp, CATCH_UP_MS);

  function overdueRow(entry) {
    const v = entry.request || entry;
    const id = GK.requestId(v);
    const seq = entry.alert_sequence;
    const cell = h('td', { 'data-ack': seq });
    if (entry.acknowledged || acknowledged.has(String(seq))) cell.append(done());
    else if (seq) cell.append(ackForm(seq, 'row', loadOverdue));
    return h('tr', { 'data-request': id },
      h('td', { class: 'nowrap' }, GK.requestLink(id)),
      h('td', { class: 'nowrap', text: entry.agency_name || v.agency_name || v.agency_code || '' }),
      h('td', { text: v.subject || '' }),
      h('td', { class: 'nowrap', text: v.due_date || '' }),
      h('td', { class: 'num late', text: entry.working_days_overdue }),
      h('td', { class: 'nowrap', text: seq ? `#${seq}` : '' }),
      cell);
  }

  async function loadOverdue() {
    try {
      const query = scope() + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      const reply = await GK.api('GET', '/overdue?' + query);
      const entries = reply.entries || [];
      clear(tbody);
      for (const entry of entries) tbody.append(overdueRow(entry));
      if (!entries.length) {
        tbody.append(h('tr', {}, h('td', { colspan: '7', class: 'muted', text: '没有逾期申请。' })));
      }
      nextCursor = reply.next_cursor || '';
      next.disabled = !nextCursor;
      first.disabled = page === 1;
      document.getElementById('page-number').textContent = `第 ${page} 页`;
      const total = reply.total !== undefined ? reply.total : entries.length;
      document.getElementById('overdue-summary').textContent =
        `逾期未办结 ${total} 件` + (reply.today ? `（截至 ${reply.today}）` : '');
    } catch (e) {
      GK.showError(message, e);
    }
  }

  async function start() {
    cursor = '';
    page = 1;
    history.replaceState(null, '', location.pathname + '?' + scope());
    try {
      await loadAlerts();
    } catch (e) {
      GK.showError(message, e);
    }
    follow();
    await loadOverdue();
  }

  document.getElementById('scope').addEventListener('submit', (e) => {
    e.preventDefault();
    start();
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursor = nextCursor;
    page += 1;
    loadOverdue();
  });
  first.addEventListener('click', () => {
    cursor = '';
    page = 1;
    loadOverdue();
  });
  window.addEventListener('beforeunload', () => stream && stream.close());

  await start();
});
