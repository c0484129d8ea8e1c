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
    const personSelect = clear(document.getElementById('role-person'));
    for (const p of people) {
      const roles = (p.roles || []).map((r) => GK.word('role', r)).join('、');
      const agency = p.agency_code ? `${names.get(p.agency_code) || ''}（${p.agency_code}）` : '';
      tbody.append(h('tr', {},
        h('td', { text: p.name }), h('td', { text: roles }), h('td', { text: agency }),
        h('td', { text: p.revoked ? '已停用' : '在用' })));
      personSelect.append(h('option', { value: p.name, text: p.name }));
    }
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
    try {
      const reply = await GK.api('POST', '/users', { name, roles, agency_code: agencySelect.value });
      GK.say(region, 'ok', reply.message || `已新增 ${name}。请在服务器上用 gongkai user passwd ${name} 设置其登录密码。`);
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
      GK.say(region, 'ok', reply.message || (dryRun ? '试运行完成，未作任何改动。' : '日历已载入。'));
      const lines = reply.lines || reply.changes || reply.moved || [];
      if (lines.length) {
        const list = h('ul');
        for (const line of lines) list.append(h('li', { text: typeof line === 'string' ? line : JSON.stringify(line) }));
        result.append(h('h3', { text: dryRun ? '将会变化的申请' : '已变化的申请' }), list);
      } else if (reply.text) {
        result.append(h('pre', { text: reply.text }));
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
      GK.say(region, 'ok', reply.message || `已备份到 ${directory}。`);
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
