#!/usr/bin/env bash
# Deploy 三有 (Sanyou) to Google Cloud: Cloud Functions gen2, Pub/Sub, Cloud Scheduler, Secret Manager.
#
#   ./deploy.sh --project P [--region R] [--dry-run] [--rotate-password] [--update-group-bots]
#               [--rotate-confirm-key]
#
# Idempotent: every resource is looked up with `describe` first and created only when missing;
# functions are (re)deployed, scheduler jobs updated. --dry-run prints every gcloud command (and the
# environment files, which hold no secret) and runs none. The SMTP password gets a new secret version
# only when the secret is created or with --rotate-password; a plain re-run leaves it alone. The key that
# signs the one-tap links (sanyou-confirm-key) is made here from /dev/urandom when the secret is new;
# --rotate-confirm-key adds a version "new,previous" so links sent before the rotation keep working.
#
# Read from the environment (see README / functions/entry/config.py):
#   COMMUNITIES       required: the communities' spreadsheet IDs or URLs, comma or new-line separated
#   SMTP_HOST         required; SMTP_PORT, SMTP_USER, SMTP_TLS optional; MAIL_FROM required
#   SMTP_PASSWORD     stored in Secret Manager (asked for when needed and unset); never written to the
#                     repo, the command line or the log
#   FEISHU_APP_ID     optional, for communities on Feishu Sheets; then FEISHU_APP_SECRET is stored in Secret
#                     Manager like the SMTP password (asked for when needed and unset); FEISHU_BASE_URL optional
#   SANYOU_WORKBOOK   optional: default workbook of the HTTP functions (one community)
#   GROUP_BOTS        optional: group-bot webhook addresses (README "Group bots"); stored in Secret Manager
#                     (sanyou-group-bots) when the secret is created or with --update-group-bots, through
#                     stdin only; mounted on the four functions that post (nightly, monthly, their events)
#   VALIDATE_INVOKERS optional: who may press 立即检查 (user:a@x.org, group:b@x.org), sanyou-validate only
#   MANUAL_INVOKERS   optional: who may call sanyou-nightly / sanyou-monthly by hand (same form)
#   APPS_SCRIPT_CLIENT_ID optional: the Apps Script's OAuth client ID, accepted as an audience by
#                     sanyou-validate so the 三有助手 menu can call it (apps_script/README.md)
#   BUILD_SERVICE_ACCOUNT optional: the account Cloud Build builds the functions with (e-mail or
#                     projects/P/serviceAccounts/E), passed as --build-service-account. Projects created
#                     after July 2024 may need one: their default build account lacks the permissions.
#   DEPLOY_IAM_RETRY_SLEEP optional: seconds between retries of an IAM binding (default 10)
#
# Accounts (least privilege, no project roles):
#   sanyou-runtime    runs the job functions; secretAccessor on the SMTP secret (and the group-bots secret)
#   sanyou-dispatch   runs dispatch; pubsub.publisher on the topic only, no secret
#   sanyou-scheduler  Cloud Scheduler's OIDC identity; run.invoker on sanyou-dispatch only
#   sanyou-trigger    the Pub/Sub trigger's identity (--trigger-service-account); run.invoker on the two
#                     event functions only
#   sanyou-confirm    runs the public sanyou-confirm (one-tap links, --allow-unauthenticated: volunteers have
#                     no Google identity; the signed token is the credential); secretAccessor on the link key
#                     only; each community's spreadsheet must be shared with it as an editor
# Projects whose Pub/Sub service agent (service-NUMBER@gcp-sa-pubsub.iam.gserviceaccount.com) dates from
# before 2021-04-08 must give it roles/iam.serviceAccountTokenCreator, or the pushes carry no token.
set -euo pipefail

# ---- sizing: from bench/bench_nightly.py on the full demo community (4,120 elders, 169,414 contacts):
# nightly 4.9 s wall / 204 MiB peak, monthly --all 5.9 s / 246 MiB, on a 2-core machine; the memory
# below leaves room for functions-framework and a community twice that size; change here -----------
RUNTIME=python312
NIGHTLY_MEMORY=512Mi
NIGHTLY_TIMEOUT=300s
MONTHLY_MEMORY=512Mi     # matplotlib draws the chart
MONTHLY_TIMEOUT=300s
VALIDATE_MEMORY=512Mi
VALIDATE_TIMEOUT=120s
DISPATCH_MEMORY=256Mi
DISPATCH_TIMEOUT=60s
CONFIRM_MEMORY=256Mi     # reads 老人档案, 志愿者 and 运行记录 only, appends one row
CONFIRM_TIMEOUT=30s
CONFIRM_MAX_INSTANCES=5
MAX_INSTANCES=20         # communities run in parallel, one instance each
# Cloud Scheduler retries a failed dispatch (its default is no retry at all)
SCHEDULER_RETRIES=(--max-retry-attempts=3 --min-backoff=60s --max-backoff=600s)
# ---- names and schedules ------------------------------------------------------------------------------
TOPIC=sanyou-jobs
FEISHU_SECRET=sanyou-feishu-app-secret
SECRET=sanyou-smtp-password
BOTS_SECRET=sanyou-group-bots
CONFIRM_SECRET=sanyou-confirm-key
CONFIRM_SA_NAME=sanyou-confirm
RUNTIME_SA_NAME=sanyou-runtime
DISPATCH_SA_NAME=sanyou-dispatch
SCHEDULER_SA_NAME=sanyou-scheduler
TRIGGER_SA_NAME=sanyou-trigger
TIME_ZONE=Asia/Shanghai
NIGHTLY_SCHEDULE="30 6 * * *"   # 06:30 every day
MONTHLY_SCHEDULE="0 7 1 * *"    # 07:00 on the 1st
APIS=(cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com
      artifactregistry.googleapis.com cloudscheduler.googleapis.com pubsub.googleapis.com
      secretmanager.googleapis.com sheets.googleapis.com eventarc.googleapis.com iam.googleapis.com
      drive.googleapis.com)  # drive: archive shares the archive spreadsheets it makes (drive.file scope only)
IAM_RETRY_SLEEP="${DEPLOY_IAM_RETRY_SLEEP:-10}"
IAM_ATTEMPTS=5

PROJECT=""
REGION=asia-east2
DRY_RUN=0
ROTATE_PASSWORD=0
UPDATE_GROUP_BOTS=0
ROTATE_CONFIRM_KEY=0

usage() {
  echo "用法：./deploy.sh --project 项目ID [--region 区域，默认 ${REGION}] [--dry-run] [--rotate-password]" \
    "[--update-group-bots] [--rotate-confirm-key]" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) PROJECT="${2:-}"; shift 2 ;;
    --project=*) PROJECT="${1#*=}"; shift ;;
    --region) REGION="${2:-}"; shift 2 ;;
    --region=*) REGION="${1#*=}"; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    --rotate-password) ROTATE_PASSWORD=1; shift ;;
    --update-group-bots) UPDATE_GROUP_BOTS=1; shift ;;
    --rotate-confirm-key) ROTATE_CONFIRM_KEY=1; shift ;;
    -h|--help) usage ;;
    *) echo "不认识的参数：$1" >&2; usage ;;
  esac
done
[[ -n "$PROJECT" && -n "$REGION" ]] || usage

missing=()
for name in COMMUNITIES SMTP_HOST MAIL_FROM; do
  [[ -n "${!name:-}" ]] || missing+=("$name")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "请先设置环境变量：${missing[*]}（见 README 的配置表）" >&2
  exit 2
fi

DRY_BANNER="== 演练（--dry-run）：只列出要执行的 gcloud 命令，什么都没有执行，云端没有任何改动 =="
[[ $DRY_RUN -eq 0 ]] || echo "$DRY_BANNER"
if [[ -z "${SMTP_USER:-}" ]]; then
  echo "警告：设置了 SMTP_HOST（${SMTP_HOST}）却没有设置 SMTP_USER：发信时不会登录，多数邮件服务器会拒收。" >&2
fi

cd "$(dirname "$0")"
sa_email() { printf '%s@%s.iam.gserviceaccount.com' "$1" "$PROJECT"; }
RUNTIME_SA="$(sa_email "$RUNTIME_SA_NAME")"
DISPATCH_SA="$(sa_email "$DISPATCH_SA_NAME")"
SCHEDULER_SA="$(sa_email "$SCHEDULER_SA_NAME")"
TRIGGER_SA="$(sa_email "$TRIGGER_SA_NAME")"
CONFIRM_SA="$(sa_email "$CONFIRM_SA_NAME")"
TOPIC_PATH="projects/${PROJECT}/topics/${TOPIC}"
COMMUNITY_LIST="$(printf '%s' "$COMMUNITIES" | tr '\n' ',' | sed 's/,,*/,/g; s/^,//; s/,$//')"
BUILD_FLAGS=()
if [[ -n "${BUILD_SERVICE_ACCOUNT:-}" ]]; then
  build_sa="$BUILD_SERVICE_ACCOUNT"
  [[ "$build_sa" == projects/* ]] || build_sa="projects/${PROJECT}/serviceAccounts/${build_sa}"
  BUILD_FLAGS=(--build-service-account="$build_sa")
fi

# Print a command.
show() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
}

# Print a command; run it unless --dry-run.
run() {
  show "$@"
  if [[ $DRY_RUN -eq 0 ]]; then
    "$@"
  fi
}

# Like run, for an IAM binding: retried a few times, since a service account created a moment ago may
# not be visible to IAM yet.
grant() {
  show "$@"
  [[ $DRY_RUN -eq 0 ]] || return 0
  local attempt
  for ((attempt = 1; attempt <= IAM_ATTEMPTS; attempt++)); do
    if "$@"; then
      return 0
    fi
    if [[ $attempt -lt $IAM_ATTEMPTS ]]; then
      echo "   授权暂未成功（新建的服务账号可能还没同步），${IAM_RETRY_SLEEP} 秒后重试（第 ${attempt} 次）" >&2
      sleep "$IAM_RETRY_SLEEP"
    fi
  done
  echo "授权失败，已重试 ${IAM_ATTEMPTS} 次，请稍后重新运行 deploy.sh" >&2
  return 1
}

# True when `gcloud ... describe` finds the resource; a dry run assumes nothing exists and runs nothing.
exists() {
  if [[ $DRY_RUN -eq 1 ]]; then
    printf '+ %s (dry run: treated as not found)\n' "gcloud $*"
    return 1
  fi
  gcloud "$@" --project="$PROJECT" >/dev/null 2>&1
}

# Split a comma-separated member list, trimming spaces and dropping empty items.
members() {
  local item
  local -a items
  IFS=',' read -r -a items <<<"$1"
  for item in "${items[@]}"; do
    item="${item#"${item%%[![:space:]]*}"}"
    item="${item%"${item##*[![:space:]]}"}"
    [[ -z "$item" ]] || printf '%s\n' "$item"
  done
}

# A YAML double-quoted scalar. Hand-written because deploy.sh must run with bash and gcloud only;
# a double-quoted scalar takes any text once backslash, quote and control characters are escaped.
yaml_quote() {
  local value="$1"
  value="${value//\\/\\\\}"
  value="${value//\"/\\\"}"
  value="${value//$'\n'/\\n}"
  value="${value//$'\r'/\\r}"
  value="${value//$'\t'/\\t}"
  printf '"%s"' "$value"
}

ENV_DIR="$(mktemp -d)"
trap 'rm -rf "$ENV_DIR"' EXIT
umask 077

# write_env FILE NAME...: the named variables that are set, as a YAML map, mode 600.
write_env() {
  local file="$1" name
  shift
  : >"$file"
  chmod 600 "$file"
  for name in "$@"; do
    if [[ -n "${!name:-}" ]]; then
      printf '%s: %s\n' "$name" "$(yaml_quote "${!name}")" >>"$file"
    fi
  done
}

echo "== 1. 启用 API"
run gcloud services enable "${APIS[@]}" --project="$PROJECT"

echo "== 2. 服务账号（都不授予项目角色，只在各自需要的资源上授权）"
for name in "$RUNTIME_SA_NAME" "$DISPATCH_SA_NAME" "$SCHEDULER_SA_NAME" "$TRIGGER_SA_NAME" "$CONFIRM_SA_NAME"; do
  if ! exists iam service-accounts describe "$(sa_email "$name")"; then
    run gcloud iam service-accounts create "$name" --display-name="三有 ${name}" --project="$PROJECT"
  fi
done

echo "== 3. SMTP 密码存入 Secret Manager"
add_version=$ROTATE_PASSWORD
if ! exists secrets describe "$SECRET"; then
  run gcloud secrets create "$SECRET" --replication-policy=automatic --project="$PROJECT"
  add_version=1
fi
if [[ $add_version -eq 1 ]]; then
  if [[ -z "${SMTP_PASSWORD:-}" && $DRY_RUN -eq 0 ]]; then
    if [[ ! -t 0 ]]; then
      echo "需要 SMTP 密码：请设置环境变量 SMTP_PASSWORD，或在终端里运行以便输入" >&2
      exit 2
    fi
    read -r -s -p "SMTP 密码（不会显示，也不会保存在本机）：" SMTP_PASSWORD
    echo
  fi
  printf '+ gcloud secrets versions add %q --data-file=- --project=%q  (密码从标准输入读入)\n' "$SECRET" "$PROJECT"
  if [[ $DRY_RUN -eq 0 ]]; then
    printf '%s' "$SMTP_PASSWORD" | gcloud secrets versions add "$SECRET" --data-file=- --project="$PROJECT"
  fi
else
  echo "   密码已存在，保持不变（要换密码请加 --rotate-password）"
fi
grant gcloud secrets add-iam-policy-binding "$SECRET" --member="serviceAccount:${RUNTIME_SA}" \
  --role=roles/secretmanager.secretAccessor --project="$PROJECT"

echo "== 3b. 群机器人地址存入 Secret Manager（设置了 GROUP_BOTS 或已经存过时）"
bots_version=$UPDATE_GROUP_BOTS
have_bots=0
if exists secrets describe "$BOTS_SECRET"; then
  have_bots=1
elif [[ -n "${GROUP_BOTS:-}" ]]; then
  run gcloud secrets create "$BOTS_SECRET" --replication-policy=automatic --project="$PROJECT"
  have_bots=1 bots_version=1
fi
if [[ $bots_version -eq 1 ]]; then
  if [[ -z "${GROUP_BOTS:-}" ]]; then
    echo "--update-group-bots 需要环境变量 GROUP_BOTS（群机器人地址）" >&2
    exit 2
  fi
  printf '+ gcloud secrets versions add %q --data-file=- --project=%q  (地址从标准输入读入)\n' "$BOTS_SECRET" "$PROJECT"
  if [[ $DRY_RUN -eq 0 ]]; then
    printf '%s' "$GROUP_BOTS" | gcloud secrets versions add "$BOTS_SECRET" --data-file=- --project="$PROJECT"
  fi
elif [[ $have_bots -eq 1 ]]; then
  echo "   群机器人地址已存在，保持不变（要换请设置 GROUP_BOTS 并加 --update-group-bots）"
fi
if [[ $have_bots -eq 1 ]]; then
  grant gcloud secrets add-iam-policy-binding "$BOTS_SECRET" --member="serviceAccount:${RUNTIME_SA}" \
    --role=roles/secretmanager.secretAccessor --project="$PROJECT"
fi
echo "== 3c. 一键确认链接的签名密钥存入 Secret Manager（本机随机生成，不显示、不保存）"
new_key=$ROTATE_CONFIRM_KEY
if ! exists secrets describe "$CONFIRM_SECRET"; then
  run gcloud secrets create "$CONFIRM_SECRET" --replication-policy=automatic --project="$PROJECT"
  new_key=1
fi
if [[ $new_key -eq 1 ]]; then
  printf '+ gcloud secrets versions add %q --data-file=- --project=%q  (新密钥从标准输入读入)\n' "$CONFIRM_SECRET" "$PROJECT"
  if [[ $DRY_RUN -eq 0 ]]; then
    key="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
    previous=""
    if [[ $ROTATE_CONFIRM_KEY -eq 1 ]]; then  # keep the newest old key: links sent before today still work
      previous="$(gcloud secrets versions access latest --secret="$CONFIRM_SECRET" --project="$PROJECT" \
        2>/dev/null | cut -d, -f1 || true)"
    fi
    printf '%s%s' "$key" "${previous:+,$previous}" |
      gcloud secrets versions add "$CONFIRM_SECRET" --data-file=- --project="$PROJECT"
  fi
else
  echo "   密钥已存在，保持不变（要换密钥请加 --rotate-confirm-key，已发出的链接仍然有效）"
fi
for account in "$RUNTIME_SA" "$CONFIRM_SA"; do  # the nightly signs the links, confirm checks them
  grant gcloud secrets add-iam-policy-binding "$CONFIRM_SECRET" --member="serviceAccount:${account}" \
    --role=roles/secretmanager.secretAccessor --project="$PROJECT"
done

echo "== 4. Pub/Sub 主题（只有 ${DISPATCH_SA_NAME} 能发布）"
if ! exists pubsub topics describe "$TOPIC"; then
  run gcloud pubsub topics create "$TOPIC" --project="$PROJECT"
fi
grant gcloud pubsub topics add-iam-policy-binding "$TOPIC" --member="serviceAccount:${DISPATCH_SA}" \
  --role=roles/pubsub.publisher --project="$PROJECT"

FEISHU_SECRETS=""
if [[ -n "${FEISHU_APP_ID:-}" ]]; then
  echo "== 4b. 飞书应用密钥（FEISHU_APP_SECRET）存入 Secret Manager"
  add_version=$ROTATE_PASSWORD
  if ! exists secrets describe "$FEISHU_SECRET"; then
    run gcloud secrets create "$FEISHU_SECRET" --replication-policy=automatic --project="$PROJECT"
    add_version=1
  fi
  if [[ $add_version -eq 1 ]]; then
    if [[ -z "${FEISHU_APP_SECRET:-}" && $DRY_RUN -eq 0 ]]; then
      if [[ ! -t 0 ]]; then
        echo "需要飞书应用密钥：请设置环境变量 FEISHU_APP_SECRET，或在终端里运行以便输入" >&2
        exit 2
      fi
      read -r -s -p "飞书 App Secret（不会显示，也不会保存在本机）：" FEISHU_APP_SECRET
      echo
    fi
    printf '+ gcloud secrets versions add %q --data-file=- --project=%q  (密钥从标准输入读入)\n' "$FEISHU_SECRET" "$PROJECT"
    if [[ $DRY_RUN -eq 0 ]]; then
      printf '%s' "$FEISHU_APP_SECRET" | gcloud secrets versions add "$FEISHU_SECRET" --data-file=- --project="$PROJECT"
    fi
  fi
  grant gcloud secrets add-iam-policy-binding "$FEISHU_SECRET" --member="serviceAccount:${RUNTIME_SA}" \
    --role=roles/secretmanager.secretAccessor --project="$PROJECT"
  FEISHU_SECRETS=",FEISHU_APP_SECRET=${FEISHU_SECRET}:latest"
fi

echo "== 5. 部署函数（gen2，${RUNTIME}；只有 sanyou-confirm 允许匿名打开，其余都不允许匿名调用）"
# shellcheck disable=SC2034  # read by write_env through ${!name}
SANYOU_TOPIC="$TOPIC_PATH"
COMMUNITIES="$COMMUNITY_LIST"
JOB_ENV="${ENV_DIR}/jobs.yaml"
DISPATCH_ENV="${ENV_DIR}/dispatch.yaml"
CONFIRM_ENV="${ENV_DIR}/confirm.yaml"
write_env "$CONFIRM_ENV" COMMUNITIES SANYOU_WORKBOOK
write_env "$DISPATCH_ENV" COMMUNITIES SANYOU_TOPIC
if [[ $DRY_RUN -eq 1 ]]; then
  echo "   环境变量文件 ${DISPATCH_ENV}："
  sed 's/^/     /' "$DISPATCH_ENV"
fi
mail_secrets="SMTP_PASSWORD=${SECRET}:latest${FEISHU_SECRETS}"  # the jobs also read the Feishu app secret
if [[ $have_bots -eq 1 ]]; then  # only the functions that post get the bot addresses
  mail_secrets+=",GROUP_BOTS=${BOTS_SECRET}:latest"
fi
MAIL_SECRET=(--set-secrets="$mail_secrets")
NIGHTLY_SECRETS=(--set-secrets="${mail_secrets},CONFIRM_KEY=${CONFIRM_SECRET}:latest")
NO_SECRET=(--clear-secrets)
VALIDATE_SECRET=("${NO_SECRET[@]}")  # validate sends no mail, but reads a Feishu sheet with the app secret
[[ -z "$FEISHU_SECRETS" ]] || VALIDATE_SECRET=(--set-secrets="${FEISHU_SECRETS#,}")

deploy() {  # [PUBLIC=1] [INSTANCES=N] deploy NAME ENTRY_POINT MEMORY TIMEOUT ACCOUNT ENV_FILE FLAG...
  local name="$1" entry="$2" memory="$3" timeout="$4" account="$5" env_file="$6"
  local access=--no-allow-unauthenticated
  [[ "${PUBLIC:-0}" -eq 1 ]] && access=--allow-unauthenticated
  shift 6
  if exists functions describe "$name" --gen2 --region="$REGION"; then
    echo "   更新 ${name}"
  else
    echo "   新建 ${name}"
  fi
  run gcloud functions deploy "$name" --gen2 --runtime="$RUNTIME" --region="$REGION" --source=. \
    --entry-point="$entry" "$@" "$access" --service-account="$account" \
    ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --env-vars-file="$env_file" \
    --memory="$memory" --timeout="$timeout" --max-instances="${INSTANCES:-$MAX_INSTANCES}" --project="$PROJECT"
}

invoker() {  # invoker FUNCTION MEMBER: run.invoker on that one function
  grant gcloud functions add-invoker-policy-binding "$1" --region="$REGION" --member="$2" --project="$PROJECT"
}

# The one public function: volunteers open its page from their mail; the signed token is the credential.
PUBLIC=1 INSTANCES=$CONFIRM_MAX_INSTANCES deploy sanyou-confirm confirm "$CONFIRM_MEMORY" "$CONFIRM_TIMEOUT" \
  "$CONFIRM_SA" "$CONFIRM_ENV" --trigger-http --set-secrets="CONFIRM_KEY=${CONFIRM_SECRET}:latest"
if [[ $DRY_RUN -eq 1 ]]; then
  printf '+ gcloud functions describe sanyou-confirm --gen2 --region=%q --format=value(serviceConfig.uri) --project=%q\n' \
    "$REGION" "$PROJECT"
  CONFIRM_BASE_URL="https://sanyou-confirm-URL.a.run.app"
else
  CONFIRM_BASE_URL="$(gcloud functions describe sanyou-confirm --gen2 --region="$REGION" \
    --format='value(serviceConfig.uri)' --project="$PROJECT")"
fi
write_env "$JOB_ENV" COMMUNITIES SANYOU_WORKBOOK SMTP_HOST SMTP_PORT SMTP_USER SMTP_TLS MAIL_FROM CONFIRM_BASE_URL \
  FEISHU_APP_ID FEISHU_BASE_URL
if [[ $DRY_RUN -eq 1 ]]; then
  echo "   环境变量文件（不含密码）${JOB_ENV}："
  sed 's/^/     /' "$JOB_ENV"
fi

deploy sanyou-dispatch dispatch "$DISPATCH_MEMORY" "$DISPATCH_TIMEOUT" "$DISPATCH_SA" "$DISPATCH_ENV" \
  --trigger-http "${NO_SECRET[@]}"
invoker sanyou-dispatch "serviceAccount:${SCHEDULER_SA}"
for event in nightly monthly; do
  if [[ $event == nightly ]]; then memory=$NIGHTLY_MEMORY timeout=$NIGHTLY_TIMEOUT
  else memory=$MONTHLY_MEMORY timeout=$MONTHLY_TIMEOUT; fi
  secrets=("${MAIL_SECRET[@]}")
  [[ $event == nightly ]] && secrets=("${NIGHTLY_SECRETS[@]}")
  deploy "sanyou-${event}-event" "${event}_event" "$memory" "$timeout" "$RUNTIME_SA" "$JOB_ENV" \
    --trigger-topic="$TOPIC" --trigger-service-account="$TRIGGER_SA" --retry "${secrets[@]}"
  invoker "sanyou-${event}-event" "serviceAccount:${TRIGGER_SA}"
done
deploy sanyou-nightly nightly "$NIGHTLY_MEMORY" "$NIGHTLY_TIMEOUT" "$RUNTIME_SA" "$JOB_ENV" \
  --trigger-http "${NIGHTLY_SECRETS[@]}"
deploy sanyou-monthly monthly "$MONTHLY_MEMORY" "$MONTHLY_TIMEOUT" "$RUNTIME_SA" "$JOB_ENV" \
  --trigger-http "${MAIL_SECRET[@]}"
deploy sanyou-validate validate "$VALIDATE_MEMORY" "$VALIDATE_TIMEOUT" "$RUNTIME_SA" "$JOB_ENV" \
  --trigger-http "${VALIDATE_SECRET[@]}"

while IFS= read -r member; do
  invoker sanyou-validate "$member"
done < <(members "${VALIDATE_INVOKERS:-}")
while IFS= read -r member; do
  invoker sanyou-nightly "$member"
  invoker sanyou-monthly "$member"
done < <(members "${MANUAL_INVOKERS:-}")

if [[ -n "${APPS_SCRIPT_CLIENT_ID:-}" ]]; then
  run gcloud run services update sanyou-validate --region="$REGION" \
    --add-custom-audiences="$APPS_SCRIPT_CLIENT_ID" --project="$PROJECT"
fi

echo "== 6. Cloud Scheduler（${TIME_ZONE}，OIDC 令牌，失败重试 3 次）"
if [[ $DRY_RUN -eq 1 ]]; then
  printf '+ gcloud functions describe sanyou-dispatch --gen2 --region=%q --format=value(serviceConfig.uri) --project=%q\n' \
    "$REGION" "$PROJECT"
  DISPATCH_URL="https://sanyou-dispatch-URL.a.run.app"
else
  DISPATCH_URL="$(gcloud functions describe sanyou-dispatch --gen2 --region="$REGION" \
    --format='value(serviceConfig.uri)' --project="$PROJECT")"
fi

schedule() {  # schedule NAME CRON JOB
  local name="$1" cron="$2" job="$3" verb headers
  if exists scheduler jobs describe "$name" --location="$REGION"; then
    verb=update headers=--update-headers=Content-Type=application/json
  else
    verb=create headers=--headers=Content-Type=application/json
  fi
  run gcloud scheduler jobs "$verb" http "$name" --location="$REGION" --schedule="$cron" \
    --time-zone="$TIME_ZONE" --uri="$DISPATCH_URL" --http-method=POST "$headers" \
    --message-body="{\"job\": \"${job}\"}" --oidc-service-account-email="$SCHEDULER_SA" \
    --oidc-token-audience="$DISPATCH_URL" --attempt-deadline="$DISPATCH_TIMEOUT" \
    "${SCHEDULER_RETRIES[@]}" --project="$PROJECT"
}

schedule sanyou-nightly "$NIGHTLY_SCHEDULE" nightly
schedule sanyou-monthly "$MONTHLY_SCHEDULE" monthly

echo
echo "注意："
echo "  - 项目的 Pub/Sub 服务代理若创建于 2021-04-08 之前，需要给它 roles/iam.serviceAccountTokenCreator："
echo "    gcloud projects add-iam-policy-binding ${PROJECT} --role=roles/iam.serviceAccountTokenCreator \\"
echo "      --member=serviceAccount:service-项目编号@gcp-sa-pubsub.iam.gserviceaccount.com"
echo "  - 一键确认：请把每个社区的表格共享给 ${CONFIRM_SA}（编辑者），它只会往走访记录表的末尾追加确认的那一行；"
echo "    志愿者打开的确认页地址：${CONFIRM_BASE_URL}"
echo "  - 2024 年 7 月以后新建的项目，构建函数时可能缺少构建账号权限：请设置 BUILD_SERVICE_ACCOUNT 后重新运行"
echo "    （例如一个有 roles/cloudbuild.builds.builder 角色的服务账号）。"
echo
if [[ $DRY_RUN -eq 1 ]]; then
  echo "演练结束。部署后，请把每个社区的工作簿共享给这个服务账号（编辑者）："
  echo "  ${RUNTIME_SA}"
  echo "$DRY_BANNER"
else
  echo "完成。请把每个社区的工作簿共享给这个服务账号（编辑者）："
  echo "  ${RUNTIME_SA}"
fi
