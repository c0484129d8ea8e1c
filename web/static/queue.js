// 待办: the requests in the person's scope by due date (GET /api/v1/requests),
// with filters (due within 5 working days, overdue, status, agency), the
// search box (POST /api/v1/search) and paging by next_cursor. The filters
// are kept in the address, so coming back from a request finds them again.
'use strict';

GK.page('queue', async () => {
  const { h, clear } = GK;
  const PAGE_SIZE = 25;
  const message = document.getElementById('message');
  const agency = document.getElementById('agency');
  const due = document.getElementById('due');
  const status = document.getElementById('status');
  const q = document.getElementById('q');
  const tbody = document.querySelector('#requests tbody');
  const summary = document.getElementById('summary');
  const next = document.getElementById('next-page');
  const first = document.getElementById('first-page');
  const pageNumber = document.getElementById('page-number');

  const agencies = await GK.agencies();
  agency.append(h('option', { value: '', text: '全部（本人范围）' }));
  for (const [value, text] of GK.agencyOptions(agencies)) agency.append(h('option', { value, text }));
  // The list's own status words (open: not yet closed, whatever its step).
  for (const [value, text] of [['open', '未办结'], ['closed', '已办结'], ['all', '全部']]) {
    status.append(h('option', { value, text }));
  }

  // Restore the filters from the address.
  const params = new URLSearchParams(location.search);
  agency.value = params.get('agency') || '';
  due.value = params.get('due') || '';
  status.value = params.get('status') || 'open';
  q.value = params.get('q') || '';

  let cursor = '';
  let page = 1;
  let nextCursor = '';

  function remember() {
    const keep = new URLSearchParams();
    if (agency.value) keep.set('agency', agency.value);
    if (due.value) keep.set('due', due.value);
    if (status.value !== 'open') keep.set('status', status.value);
    // The words searched for (an applicant's name, say) stay out of the
    // address, and so out of the history and any proxy's log.
    const query = keep.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  // The API call for the current filters: [method, path, body].
  function call() {
    const text = q.value.trim();
    if (text) {
      const body = { q: text, limit: PAGE_SIZE };
      if (agency.value) body.agency = agency.value;
      if (cursor) body.cursor = cursor;
      return ['POST', '/search', body];
    }
    const query = new URLSearchParams();
    if (agency.value) query.set('agency', agency.value);
    query.set('limit', String(PAGE_SIZE));
    if (cursor) query.set('cursor', cursor);
    if (status.value !== 'all') query.set('status', status.value);
    if (due.value === 'week') query.set('due_within', '5');
    if (due.value === 'overdue') query.set('overdue', 'true');
    return ['GET', '/requests?' + query.toString()];
  }

  function row(view) {
    const id = GK.requestId(view);
    const closed = !['open', 'awaiting_correction', 'consulting', 'awaiting_fee'].includes(view.status);
    return h('tr', {},
      h('td', { class: 'nowrap' }, GK.requestLink(id)),
      h('td', { text: view.agency_name || view.agency_code || view.agency || '' }),
      h('td', {}, h('span', { class: 'badge' + (closed ? ' closed' : ''), text: GK.word('status', view.status) })),
      h('td', { class: 'nowrap', text: view.received_on || view.received || '' }),
      h('td', { class: 'nowrap', text: view.due_date || '—' }),
      h('td', { class: 'nowrap' }, GK.daysLeft(view)),
      h('td', { text: view.subject || '' }));
  }

  async function load() {
    remember();
    try {
      const reply = await GK.api(...call());
      const list = reply.requests || reply.results || [];
      clear(tbody);
      for (const view of list) tbody.append(row(view));
      if (!list.length) {
        tbody.append(h('tr', {}, h('td', { colspan: '7', class: 'muted', text: '没有符合条件的申请。' })));
      }
      document.getElementById('list-title').textContent =
        q.value.trim() ? `查找“${q.value.trim()}”的结果` : '申请（按答复期限排列）';
      nextCursor = reply.next_cursor || '';
      next.disabled = !nextCursor;
      first.disabled = page === 1;
      pageNumber.textContent = `第 ${page} 页`;
      const total = reply.total !== undefined ? `共 ${reply.total} 件，` : '';
      const asOf = reply.today ? `（截至 ${reply.today}）` : '';
      summary.textContent = `${total}本页 ${list.length} 件${asOf}`;
      clear(message);
    } catch (e) {
      GK.showError(message, e);
    }
  }

  function restart() {
    cursor = '';
    page = 1;
    load();
  }

  document.getElementById('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    q.value = '';
    restart();
  });
  for (const control of [agency, due, status]) control.addEventListener('change', restart);
  document.getElementById('search').addEventListener('submit', (e) => {
    e.preventDefault();
    restart();
  });
  document.getElementById('search-clear').addEventListener('click', () => {
    q.value = '';
    restart();
    q.focus();
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursor = nextCursor;
    page += 1;
    load();
  });
  first.addEventListener('click', restart);

  await load();
});
