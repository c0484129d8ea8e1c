// 登录: name and password to POST /api/v1/login; then the person's first
// page, or the page they were sent here from (?next=, same site only).
'use strict';

(() => {
  const form = document.getElementById('login-form');
  const message = document.getElementById('message');

  function destination(roles) {
    // Only one of the console's own pages (never another site: "//x",
    // "/\x" and the like do not match).
    const next = GK.param('next');
    if (next && /^\/[a-z]+\.html(\?[\w%=&.\-]*)?$/.test(next) && !next.startsWith('/index.html')) {
      return next;
    }
    return GK.homeFor(roles);
  }

  // Already logged in: straight on.
  GK.api('GET', '/session').then((session) => {
    location.replace(destination(session.roles || []));
  }, () => {});

  if (GK.param('expired')) GK.say(message, 'info', '登录已过期，请重新登录。');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = document.getElementById('name').value.trim();
    const password = document.getElementById('password').value;
    if (!name || !password) {
      GK.say(message, 'error', '请输入用户名和密码。');
      return;
    }
    const button = document.getElementById('login');
    button.disabled = true;
    try {
      const session = await GK.api('POST', '/login', { name, password });
      GK.setCsrf(session.csrf_token);
      location.replace(destination(session.roles || []));
    } catch (e) {
      GK.showError(message, e);
      document.getElementById('password').value = '';
      document.getElementById('password').focus();
    } finally {
      button.disabled = false;
    }
  });
})();
