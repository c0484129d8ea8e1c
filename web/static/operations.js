// 运维 (operator): people and their roles (GET/POST /api/v1/users, grant,
// revoke), loading a calendar with its dry run (POST /api/v1/calendar),
// and a backup (POST /api/v1/backup). The operator sees no request data.
'use strict';

GK.page('operations', async () => {
  const { h, clear, labels } = GK;
  const ROLES = ['clerk', 'officer', 'head', 'supervisor', 'reporter', 'auditor', 'operator'];
  const message = document.getElementById('message');

  const agencies = await GK.agencies().catch(() => []);
  const agencySelect = document.getElementById('new-agency');
  for (const [value, text] of GK.agencyOptions(agencies)) agencySelect.append(h('option', { value, text }));
  const names = new Map(agencies.map((a) => [a.code, a.name]));

  const roleBox = document.getElementById('new-roles');
  for (const role of ROLES) {
    const id = 'new-role-' + role;
    roleBox.append(h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, name: 'roles', value: role }),
      h('label', { for: id, text: GK.word('role', role) })));
  }
  const roleSelect = document.getElementById('role-role');
  for (const role of ROLES) roleSelect.append(h('option', { value: role, text: GK.word('role', role) }));

  async function loadPeople() {
    const reply = await GK.api('GET', '/users');
    const people = reply.users || reply.principals || [];
    const tbody = clear(document.querySelector('#people tbody'));
    const selects = ['role-person', 'password-person'].map((id) => {
      const node = document.getElementById(id);
      const kept = node.value;
      clear(node);
      return [node, kept];
    });
    for (const p of people) {
      const roles = (p.roles || []).map((r) => GK.word('role', r));
      if (p.delegate) roles.push('可代理登录人员（网关）');
      const code = p.agency_code || p.agency || '';
      const agency = code ? `${names.get(code) || ''}（${code}）` : '';
      tbody.append(h('tr', { class: p.revoked ? 'muted' : '' },
        h('td', { text: p.name }), h('td', { text: roles.join('、') }), h('td', { text: agency }),
        h('td', { text: p.revoked ? '已停用' : '在用' })));
      if (p.revoked) continue;
      for (const [node] of selects) node.append(h('option', { value: p.name, text: p.name }));
    }
    for (const [node, kept] of selects) if (kept) node.value = kept;
  }

  document.getElementById('add-user').addEventListener('submit', async (e) => {
    e.preventDefault();
    const region = document.getElementById('add-message');
    const name = document.getElementById('new-name').value.trim();
    const roles = [...roleBox.querySelectorAll('input:checked')].map((i) => i.value);
    if (!name || !roles.length) {
      GK.say(region, 'error', '请填写姓名并至少选择一项职责。');
      return;
    }
    const password = document.getElementById('new-password').value;
    const body = { name, roles, agency_code: agencySelect.value };
    if (password) body.password = password;
    try {
      const reply = await GK.api('POST', '/users', body);
      const then = password ? '' : `请为其设置登录密码后再通知本人。`;
      GK.say(region, 'ok', `${reply.message || '已新增 ' + name + '。'}${then}`);
      e.target.reset();
      await loadPeople();
    } catch (err) {
      GK.showError(region, err);
    }
  });

  async function changeRole(action) {
    const region = document.getElementById('role-message');
    const name = document.getElementById('role-person').value;
    const role = roleSelect.value;
    if (action === 'revoke' && !window.confirm(`停用 ${name}？停用后此人员不能再登录和办理。`)) return;
    try {
      const body = action === 'grant' ? { roles: [role] } : {};
      const reply = await GK.api('POST', `/users/${encodeURIComponent(name)}/${action}`, body);
      const done = action === 'grant' ? `已授予 ${name}“${GK.word('role', role)}”职责。` : `已停用 ${name}。`;
      GK.say(region, 'ok', reply.message || done);
      await loadPeople();
    } catch (err) {
      GK.showError(region, err);
    }
  }
  document.getElementById('change-role').addEventListener('submit', (e) => {
    e.preventDefault();
    changeRole('grant');
  });
  document.getElementById('revoke').addEventListener('click', () => changeRole('revoke'));

  document.getElementById('set-password').addEventListener('submit', async (e) => {
    e.preventDefault();
    const region = document.getElementById('password-message');
    const name = document.getElementById('password-person').value;
    const input = document.getElementById('password-new');
    if (!input.value) {
      GK.say(region, 'error', '请输入新密码。');
      return;
    }
    try {
      const reply = await GK.api('POST', `/users/${encodeURIComponent(name)}/password`, { password: input.value });
      GK.say(region, 'ok', reply.message || `已设置 ${name} 的登录密码。`);
      input.value = '';
    } catch (err) {
      GK.showError(region, err);
    }
  });

  // A calendar change: which request's due date (or lateness) moves.
  function changeRow(c) {
    const notes = [];
    if (c.closed) notes.push('已办结');
    if (c.late_before !== undefined && c.late_before !== c.late_after) {
      notes.push(c.late_after ? '按期 → 逾期' : '逾期 → 按期');
    }
    if (c.reply_days_before !== undefined && c.reply_days_before !== c.reply_days_after) {
      notes.push(`答复用时 ${c.reply_days_before} → ${c.reply_days_after} 个工作日`);
    }
    if (c.locked) notes.push('所在年度已锁定：数字保持不变');
    return h('tr', {}, h('td', { class: 'nowrap', text: c.id }),
      h('td', { class: 'nowrap', text: c.due_before || '—' }),
      h('td', { class: 'nowrap', text: c.due_after || '—' }), h('td', { text: notes.join('；') }));
  }

  async function calendar(dryRun) {
    const region = document.getElementById('calendar-message');
    const result = clear(document.getElementById('calendar-result'));
    const text = document.getElementById('calendar-text').value;
    if (!text.trim()) {
      GK.say(region, 'error', '请粘贴日历文件内容。');
      return;
    }
    try {
      const reply = await GK.api('POST', '/calendar', { text, dry_run: dryRun });
      // The engine's message says whether it was a dry run.
      GK.say(region, 'ok', reply.message || (dryRun ? '试运行完成，未作任何改动。' : '日历已载入。'));
      const changes = reply.changes || [];
      const title = dryRun ? `载入后将变化的申请：${changes.length} 件` : `已变化的申请：${changes.length} 件`;
      result.append(h('h3', { text: title }));
      if (changes.length) {
        const body = h('tbody');
        for (const c of changes) body.append(changeRow(c));
        result.append(h('div', { class: 'table-wrap' }, h('table', { id: 'calendar-changes' },
          h('thead', {}, h('tr', {}, ['申请编号', '原答复期限', '新答复期限', '说明'].map((t) =>
            h('th', { scope: 'col', text: t })))), body)));
      }
    } catch (err) {
      GK.showError(region, err);
    }
  }
  document.getElementById('calendar').addEventListener('submit', (e) => {
    e.preventDefault();
    calendar(true);
  });
  document.getElementById('calendar-load').addEventListener('click', () => calendar(false));

  document.getElementById('backup').addEventListener('submit', async (e) => {
    e.preventDefault();
    const region = document.getElementById('backup-message');
    const directory = document.getElementById('backup-dir').value.trim();
    if (!directory) {
      GK.say(region, 'error', '请填写备份目录。');
      return;
    }
    try {
      const reply = await GK.api('POST', '/backup', { directory });
      const sizes = reply.files !== undefined
        ? `（${reply.requests} 件申请，${reply.files} 个文件，${(reply.bytes / 1048576).toFixed(1)} MB，用时 ${reply.milliseconds} 毫秒）`
        : '';
      GK.say(region, 'ok', `${reply.message || '已备份到 ' + directory + '。'}${sizes}`);
    } catch (err) {
      GK.showError(region, err);
    }
  });

  try {
    await loadPeople();
  } catch (e) {
    GK.showError(message, e);
  }
});
