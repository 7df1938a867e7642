#!/usr/bin/env bash
# Deploy 三有 (Sanyou) to Google Cloud: Cloud Functions gen2, Pub/Sub, Cloud Scheduler, Secret Manager.
#
#   ./deploy.sh --project P [--region R] [--dry-run]
#
# Idempotent: every resource is looked up with `describe` first and created only when missing;
# functions are (re)deployed, scheduler jobs updated. --dry-run prints every gcloud command, runs none.
#
# Read from the environment (see README / functions/config.py):
#   COMMUNITIES       required: the communities' spreadsheet IDs or URLs, comma or new-line separated
#   SMTP_HOST         required; SMTP_PORT, SMTP_USER, SMTP_TLS optional; MAIL_FROM required
#   SMTP_PASSWORD     stored in Secret Manager (asked for when the secret is new and this is unset);
#                     never written to the repo, the command line or the log
#   SANYOU_WORKBOOK   optional: default workbook of the HTTP functions (one community)
#   VALIDATE_INVOKERS optional: who may press 立即检查 (user:a@x.org,group:b@x.org)
#   APPS_SCRIPT_CLIENT_ID optional: the Apps Script's OAuth client ID, accepted as an audience by
#                     sanyou-validate so the 三有助手 menu can call it (apps_script/README.md)
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
MAX_INSTANCES=20         # communities run in parallel, one instance each
# ---- names and schedules ------------------------------------------------------------------------------
TOPIC=sanyou-jobs
SECRET=sanyou-smtp-password
RUNTIME_SA_NAME=sanyou-runtime
INVOKER_SA_NAME=sanyou-scheduler
TIME_ZONE=Asia/Shanghai
NIGHTLY_SCHEDULE="30 6 * * *"   # 06:30 every day
MONTHLY_SCHEDULE="0 7 1 * *"    # 07:00 on the 1st
APIS=(cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com
      artifactregistry.googleapis.com cloudscheduler.googleapis.com pubsub.googleapis.com
      secretmanager.googleapis.com sheets.googleapis.com eventarc.googleapis.com)

PROJECT=""
REGION=asia-east2
DRY_RUN=0

usage() {
  echo "用法：./deploy.sh --project 项目ID [--region 区域，默认 ${REGION}] [--dry-run]" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) PROJECT="${2:-}"; shift 2 ;;
    --project=*) PROJECT="${1#*=}"; shift ;;
    --region) REGION="${2:-}"; shift 2 ;;
    --region=*) REGION="${1#*=}"; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
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

cd "$(dirname "$0")"
RUNTIME_SA="${RUNTIME_SA_NAME}@${PROJECT}.iam.gserviceaccount.com"
INVOKER_SA="${INVOKER_SA_NAME}@${PROJECT}.iam.gserviceaccount.com"
TOPIC_PATH="projects/${PROJECT}/topics/${TOPIC}"
COMMUNITY_LIST="$(printf '%s' "$COMMUNITIES" | tr '\n' ',' | sed 's/,,*/,/g; s/^,//; s/,$//')"

# Print a command; run it unless --dry-run.
run() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  if [[ $DRY_RUN -eq 0 ]]; then
    "$@"
  fi
}

# True when `gcloud ... describe` finds the resource; a dry run assumes nothing exists and runs nothing.
exists() {
  if [[ $DRY_RUN -eq 1 ]]; then
    printf '+ %s (dry run: treated as not found)\n' "gcloud $*"
    return 1
  fi
  gcloud "$@" --project="$PROJECT" >/dev/null 2>&1
}

echo "== 1. 启用 API"
run gcloud services enable "${APIS[@]}" --project="$PROJECT"

echo "== 2. 服务账号（运行账号不授予任何项目角色）"
for name in "$RUNTIME_SA_NAME" "$INVOKER_SA_NAME"; do
  if ! exists iam service-accounts describe "${name}@${PROJECT}.iam.gserviceaccount.com"; then
    run gcloud iam service-accounts create "$name" --display-name="三有 ${name}" --project="$PROJECT"
  fi
done

echo "== 3. SMTP 密码存入 Secret Manager"
new_secret=0
if ! exists secrets describe "$SECRET"; then
  run gcloud secrets create "$SECRET" --replication-policy=automatic --project="$PROJECT"
  new_secret=1
fi
if [[ -z "${SMTP_PASSWORD:-}" && $new_secret -eq 1 && $DRY_RUN -eq 0 ]]; then
  read -r -s -p "SMTP 密码（不会显示，也不会保存在本机）：" SMTP_PASSWORD
  echo
fi
if [[ -n "${SMTP_PASSWORD:-}" || ($new_secret -eq 1 && $DRY_RUN -eq 1) ]]; then
  printf '+ gcloud secrets versions add %q --data-file=- --project=%q  (密码从标准输入读入)\n' "$SECRET" "$PROJECT"
  if [[ $DRY_RUN -eq 0 ]]; then
    printf '%s' "$SMTP_PASSWORD" | gcloud secrets versions add "$SECRET" --data-file=- --project="$PROJECT"
  fi
fi
run gcloud secrets add-iam-policy-binding "$SECRET" --member="serviceAccount:${RUNTIME_SA}" \
  --role=roles/secretmanager.secretAccessor --project="$PROJECT"

echo "== 4. Pub/Sub 主题"
if ! exists pubsub topics describe "$TOPIC"; then
  run gcloud pubsub topics create "$TOPIC" --project="$PROJECT"
fi
run gcloud pubsub topics add-iam-policy-binding "$TOPIC" --member="serviceAccount:${RUNTIME_SA}" \
  --role=roles/pubsub.publisher --project="$PROJECT"

echo "== 5. 部署函数（gen2，${RUNTIME}，不允许匿名调用）"
ENV_VARS="^@^COMMUNITIES=${COMMUNITY_LIST}@SANYOU_TOPIC=${TOPIC_PATH}@SMTP_HOST=${SMTP_HOST}@MAIL_FROM=${MAIL_FROM}"
for name in SMTP_PORT SMTP_USER SMTP_TLS SANYOU_WORKBOOK; do
  if [[ -n "${!name:-}" ]]; then
    ENV_VARS+="@${name}=${!name}"
  fi
done

deploy() {  # deploy NAME ENTRY_POINT MEMORY TIMEOUT TRIGGER...
  local name="$1" entry="$2" memory="$3" timeout="$4"
  shift 4
  if exists functions describe "$name" --gen2 --region="$REGION"; then
    echo "   更新 ${name}"
  else
    echo "   新建 ${name}"
  fi
  run gcloud functions deploy "$name" --gen2 --runtime="$RUNTIME" --region="$REGION" --source=. \
    --entry-point="$entry" "$@" --no-allow-unauthenticated --service-account="$RUNTIME_SA" \
    --set-secrets="SMTP_PASSWORD=${SECRET}:latest" --set-env-vars="$ENV_VARS" \
    --memory="$memory" --timeout="$timeout" --max-instances="$MAX_INSTANCES" --project="$PROJECT"
  run gcloud functions add-invoker-policy-binding "$name" --region="$REGION" \
    --member="serviceAccount:${INVOKER_SA}" --project="$PROJECT"
}

deploy sanyou-dispatch dispatch "$DISPATCH_MEMORY" "$DISPATCH_TIMEOUT" --trigger-http
deploy sanyou-nightly-event nightly_event "$NIGHTLY_MEMORY" "$NIGHTLY_TIMEOUT" \
  --trigger-topic="$TOPIC" --trigger-service-account="$INVOKER_SA" --retry
deploy sanyou-monthly-event monthly_event "$MONTHLY_MEMORY" "$MONTHLY_TIMEOUT" \
  --trigger-topic="$TOPIC" --trigger-service-account="$INVOKER_SA" --retry
deploy sanyou-nightly nightly "$NIGHTLY_MEMORY" "$NIGHTLY_TIMEOUT" --trigger-http
deploy sanyou-monthly monthly "$MONTHLY_MEMORY" "$MONTHLY_TIMEOUT" --trigger-http
deploy sanyou-validate validate "$VALIDATE_MEMORY" "$VALIDATE_TIMEOUT" --trigger-http

if [[ -n "${VALIDATE_INVOKERS:-}" ]]; then
  IFS=',' read -r -a invokers <<<"$VALIDATE_INVOKERS"
  for member in "${invokers[@]}"; do
    run gcloud functions add-invoker-policy-binding sanyou-validate --region="$REGION" \
      --member="$member" --project="$PROJECT"
  done
fi

if [[ -n "${APPS_SCRIPT_CLIENT_ID:-}" ]]; then
  run gcloud run services update sanyou-validate --region="$REGION" \
    --add-custom-audiences="$APPS_SCRIPT_CLIENT_ID" --project="$PROJECT"
fi

echo "== 6. Cloud Scheduler（${TIME_ZONE}，OIDC 令牌）"
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
    --message-body="{\"job\": \"${job}\"}" --oidc-service-account-email="$INVOKER_SA" \
    --oidc-token-audience="$DISPATCH_URL" --attempt-deadline="$DISPATCH_TIMEOUT" --project="$PROJECT"
}

schedule sanyou-nightly "$NIGHTLY_SCHEDULE" nightly
schedule sanyou-monthly "$MONTHLY_SCHEDULE" monthly

echo
echo "完成。请把每个社区的工作簿共享给这个服务账号（编辑者）："
echo "  ${RUNTIME_SA}"
