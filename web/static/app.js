// gongkai web console: what every page shares.
//
// - GK.api(method, path, body): the JSON API with the session cookie and, on
//   every change, the X-CSRF-Token header; an error reply becomes a
//   GK.ApiError carrying the HTTP status, the status word and the engine's
//   Chinese message.
// - GK.page(id, start): checks the session (to the login page without one),
//   draws the header with the navigation of the person's roles, then calls
//   start(session).
// - GK.h(tag, attrs, ...children): builds DOM nodes; text is always set as
//   text (never as HTML), so nothing a request holds can inject markup.
// - GK.labels: the Chinese words of the engine's codes, for display only.
//   What a person may do is never decided here: the API answers that.
'use strict';

const GK = (() => {
  const API = '/api/v1';

  // The pages of the navigation and the roles whose work they are.
  const PAGES = [
    { id: 'intake', href: '/intake.html', title: '登记', roles: ['clerk'] },
    { id: 'queue', href: '/queue.html', title: '待办',
      roles: ['clerk', 'officer', 'head', 'supervisor', 'auditor'] },
    { id: 'supervision', href: '/supervision.html', title: '督办', roles: ['supervisor', 'auditor'] },
    { id: 'report', href: '/report.html', title: '年报', roles: ['reporter', 'auditor'] },
    { id: 'operations', href: '/operations.html', title: '运维', roles: ['operator'] },
  ];

  const labels = {
    role: {
      clerk: '受理人员', officer: '承办人员', head: '公开工作机构负责人', supervisor: '监督人员',
      reporter: '年报人员', auditor: '审计人员', operator: '运维人员', scheduler: '到期扫描服务',
      delegate: '代理服务',
    },
    status: {
      open: '办理中', awaiting_correction: '待补正', consulting: '征求意见中',
      awaiting_fee: '待缴费', decided: '已作出答复', delivered: '已送达', withdrawn: '已撤回',
      lapsed: '视为放弃',
    },
    channel: {
      in_person: '当面', registered_mail: '信函(挂号)', ordinary_mail: '信函(平信)',
      online: '网络', fax: '传真', email: '电子邮件', other: '其他',
    },
    applicantType: {
      natural_person: '自然人', business: '商业企业', research: '科研机构',
      nonprofit: '社会公益组织', legal_services: '法律服务机构', other_org: '其他组织',
    },
    // The 2021 report's rows (DOMAIN.md, "Outcomes"), in their order.
    outcome: [
      ['granted', '（一）予以公开'],
      ['partly_granted', '（二）部分公开'],
      ['refused_state_secret', '（三）不予公开 1.属于国家秘密'],
      ['refused_other_law', '（三）不予公开 2.其他法律行政法规禁止公开'],
      ['refused_security_stability', '（三）不予公开 3.危及“三安全一稳定”'],
      ['refused_third_party', '（三）不予公开 4.保护第三方合法权益'],
      ['refused_internal_affairs', '（三）不予公开 5.属于三类内部事务信息'],
      ['refused_process_info', '（三）不予公开 6.属于四类过程性信息'],
      ['refused_enforcement_file', '（三）不予公开 7.属于行政执法案卷'],
      ['refused_inquiry_matter', '（三）不予公开 8.属于行政查询事项'],
      ['unable_not_held', '（四）无法提供 1.本机关不掌握相关政府信息'],
      ['unable_needs_creation', '（四）无法提供 2.没有现成信息需要另行制作'],
      ['unable_still_unclear', '（四）无法提供 3.补正后申请内容仍不明确'],
      ['not_processed_complaint', '（五）不予处理 1.信访举报投诉类申请'],
      ['not_processed_repeat', '（五）不予处理 2.重复申请'],
      ['not_processed_publication', '（五）不予处理 3.要求提供公开出版物'],
      ['not_processed_excessive', '（五）不予处理 4.无正当理由大量反复申请'],
      ['not_processed_confirmation', '（五）不予处理 5.要求行政机关确认或重新出具已获取信息'],
      ['other_no_correction', '（六）其他处理 1.申请人逾期不补正'],
      ['other_fee_unpaid', '（六）其他处理 2.申请人逾期未缴纳费用'],
      ['other', '（六）其他处理 3.其他'],
    ],
    alertLevel: {
      due_soon: '即将到期', due_today: '今日到期', overdue: '逾期', very_overdue: '严重逾期',
      correction_not_asked: '补正告知期限将满', third_party_overdue: '第三方逾期未答复',
    },
    appealKind: {
      reconsideration: '行政复议', litigation: '行政诉讼（未经复议直接起诉）',
      litigation_after_reconsideration: '行政诉讼（复议后起诉）',
    },
    appealResult: { upheld: '结果维持', corrected: '结果纠正', other: '其他结果' },
    // The events a person records, named as the CLI's commands (allowed_events).
    action: {
      'correction-request': '告知补正', 'correction-receive': '收到补正', 'correction-lapse': '补正逾期',
      'consult-start': '开始征求意见', 'consult-end': '征求意见结束', extend: '延长答复期限',
      'fee-notice': '发出收费通知', 'fee-paid': '已缴费', 'fee-lapse': '缴费逾期',
      decide: '作出答复', deliver: '送达', withdraw: '申请人撤回', appeal: '提起复议或诉讼',
      'appeal-resolve': '复议或诉讼结果', amend: '更正登记信息',
    },
    // The events of a request's timeline, named as the engine stores them.
    event: {
      received: '收到申请', answered_on_the_spot: '当场答复', correction_requested: '告知补正',
      correction_received: '收到补正', correction_lapsed: '补正逾期',
      consultation_started: '开始征求意见', consultation_ended: '征求意见结束',
      extension_approved: '延长答复期限', fee_notice_issued: '发出收费通知', fee_paid: '已缴费',
      fee_lapsed: '缴费逾期', decided: '作出答复', delivered: '送达', withdrawn: '申请人撤回',
      appeal_filed: '提起复议或诉讼', appeal_resolved: '复议或诉讼结果',
      deadline_recomputed: '答复期限重新计算', applicant_erased: '个人信息已删除',
      intake_amended: '更正登记信息',
    },
    tier: { city: '市', county: '县（市、区）', township: '乡（镇）', department: '部门' },
  };

  function outcomeLabel(code) {
    const found = labels.outcome.find(([c]) => c === code);
    return found ? found[1] : code;
  }

  function word(table, code) {
    if (code === undefined || code === null || code === '') return '';
    const map = labels[table];
    return (map && map[code]) || String(code);
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  const statusWords = {
    invalid_argument: '参数错误', unauthenticated: '未登录', permission_denied: '无权操作',
    not_found: '未找到', failed_precondition: '不符合办理条件', resource_exhausted: '超出限额',
    unavailable: '无法连接', internal: '内部错误',
  };

  let csrfToken = '';
  let currentSession = null;

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (method !== 'GET' && method !== 'HEAD') {
      headers['X-CSRF-Token'] = csrfToken;
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    let response;
    try {
      response = await fetch(API + path, init);
    } catch (e) {
      throw new ApiError(0, 'unavailable', '无法连接服务器，请检查网络后重试。');
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) {
      const code = (data && data.code) || 'unavailable';
      const message = (data && data.message) || `服务器返回错误（HTTP ${response.status}）。`;
      throw new ApiError(response.status, code, message);
    }
    return data || {};
  }

  // Builds an element: attrs may hold class, text, for (htmlFor), dataset,
  // on<event> handlers, boolean properties and plain attributes.
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'for') node.htmlFor = value;
      else if (key.startsWith('on') && typeof value === 'function') {
        node.addEventListener(key.slice(2), value);
      } else if (value === true) node.setAttribute(key, '');
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // A labelled field: <div class="field"><label for=id>..</label>control</div>.
  function field(label, control, opts = {}) {
    return h('div', { class: 'field' + (opts.wide ? ' wide' : '') },
      h('label', { for: control.id, text: label }), control,
      opts.hint ? h('span', { class: 'hint', id: control.id + '-hint', text: opts.hint }) : null);
  }

  function select(id, options, selected, attrs = {}) {
    const node = h('select', Object.assign({ id, name: id }, attrs));
    for (const [value, text] of options) {
      const option = h('option', { value, text });
      if (value === selected) option.selected = true;
      node.append(option);
    }
    return node;
  }

  // Shows a message (error, ok or info) in a .message region.
  function say(region, kind, text, code) {
    clear(region);
    region.className = 'message ' + kind;
    region.append(text);
    if (code) region.append(' ', h('span', { class: 'code', text: `（${statusWords[code] || code}）` }));
    if (kind === 'error') region.setAttribute('role', 'alert');
    else region.setAttribute('role', 'status');
  }

  function showError(region, error) {
    if (error instanceof ApiError) {
      if (error.status === 401 && currentSession) {
        toLogin();
        return;
      }
      say(region, 'error', error.message, error.code);
    } else {
      say(region, 'error', '页面出错：' + (error && error.message ? error.message : String(error)));
      console.error(error);
    }
  }

  function toLogin() {
    const next = location.pathname + location.search;
    location.replace('/index.html?next=' + encodeURIComponent(next));
  }

  function pagesFor(roles) {
    return PAGES.filter((p) => p.roles.some((r) => roles.includes(r)));
  }

  // Where a person starts after logging in: the page of their first role's
  // daily work.
  const HOME = {
    clerk: '/intake.html', officer: '/queue.html', head: '/queue.html', auditor: '/queue.html',
    supervisor: '/supervision.html', reporter: '/report.html', operator: '/operations.html',
  };
  function homeFor(roles) {
    const role = (roles || []).find((r) => HOME[r]);
    return role ? HOME[role] : '/queue.html';
  }

  function drawHeader(pageId, session) {
    const header = document.querySelector('header.site-header');
    clear(header);
    header.append(
      h('a', { class: 'skip-link', href: '#main', text: '跳到正文' }),
      h('p', { class: 'site-title', text: '政府信息公开申请办理系统' }));
    const list = h('ul');
    for (const page of pagesFor(session.roles || [])) {
      list.append(h('li', {}, h('a', {
        href: page.href, text: page.title,
        'aria-current': page.id === pageId ? 'page' : null,
      })));
    }
    header.append(h('nav', { class: 'site-nav', 'aria-label': '主导航' }, list));
    const roles = (session.roles || []).map((r) => word('role', r)).join('、');
    const logout = h('button', { type: 'button', id: 'logout', text: '退出登录' });
    logout.addEventListener('click', async () => {
      try {
        await api('POST', '/logout');
      } catch (e) {
        // Logged out anyway: the cookie is gone or expired.
      }
      location.replace('/index.html');
    });
    header.append(h('div', { class: 'whoami' },
      h('span', { id: 'who', text: `${session.name}（${roles}，${session.agency_code}）` }), logout));
  }

  // Starts a page: the session first (to the login page without one).
  async function page(pageId, start) {
    let session;
    try {
      session = await api('GET', '/session');
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        toLogin();
        return;
      }
      const region = document.getElementById('message');
      if (region) showError(region, e);
      return;
    }
    csrfToken = session.csrf_token || '';
    currentSession = session;
    drawHeader(pageId, session);
    try {
      await start(session);
    } catch (e) {
      showError(document.getElementById('message'), e);
    }
  }

  function setCsrf(token) {
    csrfToken = token || '';
  }

  function hasRole(session, ...roles) {
    return (session.roles || []).some((r) => roles.includes(r));
  }

  // The agencies in the person's scope, sorted by path (a tree order), as
  // select options "名称（代码）".
  async function agencies() {
    const reply = await api('GET', '/agencies');
    const list = reply.agencies || [];
    list.sort((a, b) => (a.path || a.code).localeCompare(b.path || b.code));
    return list;
  }

  function agencyOptions(list) {
    return list.map((a) => {
      const depth = a.path ? Math.max(0, a.path.split('/').filter(Boolean).length - 1) : 0;
      return [a.code, '\u3000'.repeat(Math.min(depth, 3)) + `${a.name}（${a.code}）`];
    });
  }

  async function today() {
    const reply = await api('GET', '/clock');
    return reply.today;
  }

  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  function requestLink(id) {
    return h('a', { href: '/request.html?id=' + encodeURIComponent(id), text: id });
  }

  // "剩余N个工作日" / "逾期N个工作日" / "今日到期" / "-".
  function daysLeft(view) {
    if (view.working_days_overdue > 0) {
      return h('span', { class: 'late', text: `逾期${view.working_days_overdue}个工作日` });
    }
    if (view.working_days_left === undefined || view.working_days_left === null) return '-';
    if (!['open'].includes(view.status) && view.status !== undefined) return '-';
    if (view.working_days_left === 0) return h('span', { class: 'badge due_today', text: '今日到期' });
    return `剩余${view.working_days_left}个工作日`;
  }

  function requestId(view) {
    return view.request_id || view.id;
  }

  return {
    api, ApiError, h, clear, field, select, say, showError, page, setCsrf, hasRole, homeFor,
    agencies, agencyOptions, today, param, requestLink, daysLeft, requestId, labels, word,
    outcomeLabel, statusWords,
  };
})();
