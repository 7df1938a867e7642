/**
 * 三有助手：在表格里加一个菜单，“立即检查”调用云函数 validate，把结果显示出来。
 * Optional Apps Script bound to the community's spreadsheet; see apps_script/README.md.
 *
 * The call carries the user's own identity token (ScriptApp.getIdentityToken()), so only people
 * given the Cloud Run invoker role on sanyou-validate can run it; no key or password is stored here.
 */

var URL_PROPERTY = 'SANYOU_VALIDATE_URL';

/** Adds the 三有助手 menu when the spreadsheet opens. */
function onOpen() {
  SpreadsheetApp.getUi()
    .createMenu('三有助手')
    .addItem('立即检查', 'checkNow')
    .addSeparator()
    .addItem('设置检查函数网址…', 'setValidateUrl')
    .addToUi();
}

/** Asks for the validate function's URL (printed by deploy.sh) and keeps it with this spreadsheet. */
function setValidateUrl() {
  var ui = SpreadsheetApp.getUi();
  var answer = ui.prompt('设置检查函数网址',
    '请粘贴 sanyou-validate 的网址（部署时显示，形如 https://sanyou-validate-xxxx.a.run.app）：',
    ui.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== ui.Button.OK) return;
  var url = answer.getResponseText().trim();
  if (!/^https:\/\/[^\s]+$/.test(url)) {
    ui.alert('网址要以 https:// 开头，请重新设置。');
    return;
  }
  PropertiesService.getDocumentProperties().setProperty(URL_PROPERTY, url);
  ui.alert('已保存。现在可以点“三有助手 → 立即检查”。');
}

/** Runs the validate function on this spreadsheet and shows what it found. */
function checkNow() {
  var ui = SpreadsheetApp.getUi();
  var url = PropertiesService.getDocumentProperties().getProperty(URL_PROPERTY);
  if (!url) {
    ui.alert('还没有设置检查函数网址：请先点“三有助手 → 设置检查函数网址…”。');
    return;
  }
  SpreadsheetApp.getActive().toast('正在检查各表，请稍候……', '三有助手', 30);
  var response = UrlFetchApp.fetch(url, {
    method: 'post',
    contentType: 'application/json',
    headers: {Authorization: 'Bearer ' + ScriptApp.getIdentityToken()},
    payload: JSON.stringify({workbook: 'gsheets:' + SpreadsheetApp.getActive().getId()}),
    muteHttpExceptions: true
  });
  ui.alert('三有助手', describeAnswer(response.getResponseCode(), response.getContentText()), ui.ButtonSet.OK);
}

/** The function's JSON answer as a few lines of plain Chinese. */
function describeAnswer(status, text) {
  var body;
  try {
    body = JSON.parse(text);
  } catch (e) {
    body = null;
  }
  if (status === 401 || status === 403) {
    return '没有权限调用检查函数（HTTP ' + status + '）。请联系管理员把您的账号加为调用者（见 apps_script/README.md）。';
  }
  if (!body || status !== 200 || !body.ok) {
    return '检查没有完成（HTTP ' + status + '）：' + ((body && body.error) || '请稍后再试。');
  }
  var lines = ['检查完成（' + body.today + '）。'];
  if (body.written && body.written.length) lines.push('已更新：' + body.written.join('、'));
  Object.keys(body.counts || {}).forEach(function (key) {
    var value = body.counts[key];
    if (typeof value === 'number') lines.push(key + '：' + value);
  });
  (body.messages || []).forEach(function (m) { lines.push(m); });
  lines.push('请打开“问题清单”查看每个问题和修改建议。');
  return lines.join('\n');
}
