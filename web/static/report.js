// 年报 (reporter, auditor): tables 三 and 四 of a year for an agency's
// subtree (GET /api/v1/reports/annual?format=json), the CSV and XLSX
// downloads (the same bytes as the CLI's), and three SVG charts: requests
// received per month, outcomes, and the on-time rate of each agency under
// the one chosen.
'use strict';

GK.page('report', async (session) => {
  const { h, clear } = GK;
  const COLUMNS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
  const APPEALS = [['reconsideration', '行政复议'], ['litigation', '行政诉讼·未经复议直接起诉'],
    ['litigation_after_reconsideration', '行政诉讼·复议后起诉']];
  const APPEAL_COLUMNS = [['upheld', '结果维持'], ['corrected', '结果纠正'], ['other', '其他结果'],
    ['pending', '尚未审结'], ['total', '总计']];
  const message = document.getElementById('message');
  const yearInput = document.getElementById('year');
  const agency = document.getElementById('agency');

  const [agencies, today] = await Promise.all([GK.agencies(), GK.today()]);
  for (const [value, text] of GK.agencyOptions(agencies)) agency.append(h('option', { value, text }));
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  // Reports are written in the first months for the year before.
  const [y, m] = (today || '').split('-').map(Number);
  yearInput.value = GK.param('year') || (m && m <= 3 ? y - 1 : y) || '';
  agency.value = GK.param('agency') || session.agency_code || (agencies[0] && agencies[0].code) || '';

  function query(year, code, format) {
    const q = new URLSearchParams({ year: String(year), format });
    if (code) q.set('agency', code);
    return '/reports/annual?' + q.toString();
  }

  document.getElementById('choose').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });

  // Each load has a number: an answer for an earlier one is dropped.
  let generation = 0;

  async function load() {
    const mine = ++generation;
    const year = Number(yearInput.value);
    const code = agency.value;
    if (!Number.isInteger(year) || year < 2008) {
      GK.say(message, 'error', '请输入年度（2008年及以后）。');
      return;
    }
    history.replaceState(null, '', `${location.pathname}?year=${year}&agency=${encodeURIComponent(code)}`);
    let report;
    try {
      report = await GK.api('GET', query(year, code, 'json'));
      if (mine !== generation) return;
    } catch (e) {
      GK.showError(message, e);
      document.getElementById('report').hidden = true;
      return;
    }
    clear(message);
    const name = byCode.has(code) ? `${byCode.get(code).name}（${code}）及所属机关` : '全部机关';
    document.getElementById('report-title').textContent =
      report.title || `${name} ${year}年度政府信息公开工作年度报告 统计表`;
    document.getElementById('csv').href = '/api/v1' + query(year, code, 'csv');
    document.getElementById('csv').setAttribute('download', `年报-${code}-${year}.csv`);
    document.getElementById('xlsx').href = '/api/v1' + query(year, code, 'xlsx');
    document.getElementById('xlsx').setAttribute('download', `年报-${code}-${year}.xlsx`);
    drawTable3(report);
    drawTable4(report);
    drawExtras(report);
    document.getElementById('report').hidden = false;
    for (const figure of document.querySelectorAll('figure.chart')) {
      for (const old of figure.querySelectorAll('svg, p')) old.remove();
    }
    drawOutcomes(report);
    await Promise.all([drawMonths(report, year, code, mine), drawOnTime(year, code, mine)]);
  }

  function drawTable3(r) {
    const table = document.getElementById('table3');
    const head = clear(table.querySelector('thead'));
    head.append(h('tr', {}, h('th', { scope: 'col', text: '项目' }),
      COLUMNS.map((c) => h('th', { scope: 'col', class: 'num', text: c }))));
    const body = clear(table.querySelector('tbody'));
    for (const row of r.table3 || []) {
      // Indented as the statutory table is: （一）… under 三, 1.… under （三）….
      const depth = /^\d+\./.test(row.label) ? ' depth-2' : row.label.startsWith('（') ? ' depth-1' : '';
      body.append(h('tr', { class: (row.header ? 'heading-row' : '') + depth },
        h('th', { scope: 'row', text: row.label }),
        COLUMNS.map((c) => h('td', { class: 'num', text: row.header ? '' : (row[c] ?? 0) }))));
    }
    const id = r.identity || {};
    document.getElementById('identity').textContent =
      `核对：一 + 二 = 三（七）总计 + 四：${id.received} + ${id.carried_in} = ${id.closed} + ${id.carried_out}，` +
      (id.holds ? '✓ 成立' : '✗ 不成立');
  }

  function drawTable4(r) {
    const table = document.getElementById('table4');
    const head = clear(table.querySelector('thead'));
    head.append(h('tr', {}, h('th', { scope: 'col', text: '项目' }),
      APPEAL_COLUMNS.map(([, t]) => h('th', { scope: 'col', class: 'num', text: t }))));
    const body = clear(table.querySelector('tbody'));
    const t4 = r.table4 || {};
    for (const [key, label] of APPEALS) {
      const counts = t4[key] || {};
      body.append(h('tr', {}, h('th', { scope: 'row', text: label }),
        APPEAL_COLUMNS.map(([k]) => h('td', { class: 'num', text: counts[k] ?? 0 }))));
    }
  }

  function drawExtras(r) {
    const id = r.identity || {};
    const text = !id.closed
      ? '本年度没有办结的申请。'
      : `按期答复率 ${(r.on_time_rate * 100).toFixed(1)}%（办结 ${id.closed} 件，逾期 ${r.late} 件）；` +
        `平均答复时间 ${Number(r.mean_reply_days).toFixed(1)} 个工作日；90% 在 ${r.p90_reply_days} 个工作日内答复。`;
    document.getElementById('extras').textContent = text;
  }

  function chart(figureId, svg) {
    const figure = document.getElementById(figureId);
    for (const old of figure.querySelectorAll('svg, p')) old.remove();
    figure.append(svg);
  }

  function note(figureId, text) {
    document.getElementById(figureId).append(h('p', { class: 'hint', text }));
  }

  // Requests per month: from the report when it has them; otherwise
  // counted from the year's requests, page by page.
  async function drawMonths(r, year, code, mine) {
    let counts = monthsOf(r.received_by_month);
    let partial = false;
    if (!counts) {
      counts = new Array(12).fill(0);
      let cursor = '';
      for (let pages = 0; pages < 40; pages++) {
        const q = new URLSearchParams({ year: String(year), limit: '500' });
        if (code) q.set('agency', code);
        if (cursor) q.set('cursor', cursor);
        let reply;
        try {
          reply = await GK.api('GET', '/requests?' + q.toString());
        } catch (e) {
          // The year's counters have no months: they come from the requests
          // themselves, which a reporter does not read.
          if (mine !== generation) return;
          const why = e.status === 403 ? '每月数字需逐件统计申请，本岗位不查看申请明细。' : '';
          note('chart-months', `无法按月统计：${why}（${e.message}）`);
          return;
        }
        if (mine !== generation) return;
        for (const v of reply.requests || []) {
          const received = v.received_on || v.received || '';
          if (received.startsWith(String(year))) counts[Number(received.slice(5, 7)) - 1] += 1;
        }
        cursor = reply.next_cursor || '';
        if (!cursor) break;
        if (pages === 39) partial = true;
      }
    }
    const bars = counts.map((value, i) => ({ label: `${i + 1}月`, value }));
    chart('chart-months', GKCharts.columns(bars, { labelId: 'chart-months-title' }));
    if (partial) note('chart-months', '申请较多，只统计了前20000件。');
  }

  function monthsOf(data) {
    if (!data) return null;
    if (Array.isArray(data) && data.length === 12) return data.map(Number);
    if (typeof data === 'object') {
      const counts = new Array(12).fill(0);
      for (const [k, v] of Object.entries(data)) {
        const month = Number(k.length > 2 ? k.slice(-2) : k);
        if (month >= 1 && month <= 12) counts[month - 1] = Number(v);
      }
      return counts;
    }
    return null;
  }

  // Outcomes: the rows of 三、本年度办理结果 (总计 column) that are not zero.
  function drawOutcomes(r) {
    const bars = [];
    let inOutcomes = false;
    let group = '';
    for (const row of r.table3 || []) {
      if (row.label.startsWith('三、')) { inOutcomes = true; continue; }
      if (!inOutcomes) continue;
      if (row.label.startsWith('（七）') || row.label.startsWith('四、')) break;
      if (row.header) { group = row.label.replace(/^（.）/, ''); continue; }
      const value = row['总计'] || 0;
      if (!value) continue;
      const own = row.label.replace(/^（.）/, '').replace(/（区分处理的.*）$/, '');
      const label = /^\d\./.test(row.label) ? `${group}：${row.label.slice(2)}` : own;
      bars.push({ label, value });
    }
    chart('chart-outcomes', GKCharts.rows(bars, { labelId: 'chart-outcomes-title', labelWidth: 230 }));
  }

  // On-time rate of each agency directly under the one chosen (or of the
  // chosen one when it has none), from each one's report.
  async function drawOnTime(year, code, mine) {
    let list = agencies.filter((a) => a.parent_code === code);
    if (!list.length && byCode.has(code)) list = [byCode.get(code)];
    const replies = await Promise.all(list.map((a) =>
      GK.api('GET', query(year, a.code, 'json')).then((r) => [a, r], () => [a, null])));
    if (mine !== generation) return;
    // Names without what they share with the parent's (鞍山市人民政府:
    // 鞍山市教育局 -> 教育局) or its own tier's word (铁西区人民政府 -> 铁西区).
    const parent = byCode.has(code) ? byCode.get(code).name.replace(/人民政府$/, '') : '';
    const short = (name) => {
      const own = name.replace(/人民政府$/, '');
      return parent && own.startsWith(parent) && own.length > parent.length ? own.slice(parent.length) : own;
    };
    const bars = [];
    for (const [a, r] of replies) {
      if (!r || !r.identity || !r.identity.closed) continue;
      const rate = Number(r.on_time_rate);
      bars.push({ label: short(a.name), value: rate,
        text: `${(rate * 100).toFixed(1)}%（${r.identity.closed}件）`, late: rate < 1 });
    }
    bars.sort((p, q) => p.value - q.value);
    chart('chart-ontime', GKCharts.rows(bars, { labelId: 'chart-ontime-title', max: 1, labelWidth: 140 }));
    if (!bars.length) note('chart-ontime', '所选年度没有办结的申请。');
  }

  await load();
});
