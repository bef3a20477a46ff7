#!/usr/bin/env bash
# 把构建好的网站用 rsync 发布到内网 Web 服务器（或本机目录）。
# Publish a built site with rsync to an intranet web server (or a local folder).
#
#   DEPLOY_TARGET=deploy@web.example.internal:/var/www/fazhi/ bash deploy-rsync.sh site
#   DEPLOY_TARGET=/srv/www/fazhi bash deploy-rsync.sh public
#
# 环境变量 (environment):
#   DEPLOY_TARGET  必填。目标目录：user@host:/path/ 或本机路径。该目录专供本网站使用：
#                  其中不属于本网站的文件会被删除。
#                  Required. A folder used by this site only: anything else in it is deleted.
#   DEPLOY_SSH     可选。远程 shell，如 "ssh -i key -o StrictHostKeyChecking=yes"
#                  (optional: the remote shell; default "ssh -o BatchMode=yes").
#   DEPLOY_FORCE=1 可选。第一次发布到一个已有文件、但不是本脚本发布过的目录时才需要
#                  (optional: allow the first deploy into a non-empty folder this script
#                  did not fill).
#
# 为什么可以放心 (why it is safe):
# - 网站目录不存在、为空或缺少 index.html 时拒绝发布，目标原样不动（绝不发布半个或空网站）。
#   Refuses a missing or empty site folder, or one without index.html: the target is untouched.
# - 上传时新文件先放在临时名下，全部传完才一起改名（--delay-updates），旧文件最后才删除
#   (--delete-after)：访问者几乎看不到新旧混杂的网站；传输中断时旧网站仍然完整可用。
#   New files wait under temporary names and are renamed together at the end; old files are
#   deleted last: an interrupted upload leaves the previous site whole.
# - 目标根目录写入标记文件 .gkgen-deploy；目标已有文件却没有这个标记时拒绝（防止把
#   DEPLOY_TARGET 写错成 /var/www/ 之类而删掉别的网站）。
#   A marker file guards against a mistyped target wiping another site.
set -euo pipefail

say() { printf 'deploy-rsync: %s\n' "$*" >&2; }
die() {
    say "$*"
    exit 1
}

site=${1:-site}
target=${DEPLOY_TARGET:-}
marker=.gkgen-deploy

command -v rsync >/dev/null 2>&1 ||
    die "未安装 rsync，请先安装（apt-get install rsync） (rsync is not installed)"
[ -n "$target" ] ||
    die "没有设置 DEPLOY_TARGET（如 user@host:/var/www/fazhi/ 或本机目录） (DEPLOY_TARGET is not set)"
[ -d "$site" ] ||
    die "网站目录“$site”不存在：请先构建网站，未发布任何内容 (site folder '$site' is missing; nothing was published)"
[ -n "$(ls -A "$site")" ] ||
    die "网站目录“$site”是空的：未发布任何内容 (site folder '$site' is empty; nothing was published)"
[ -f "$site/index.html" ] ||
    die "网站目录“$site”缺少 index.html，可能构建不完整：未发布任何内容 (site folder '$site' has no index.html; nothing was published)"

# rsync's own rule: a colon before the first slash means host:path.
case "${target%%/*}" in
*:*) remote=1 path=${target#*:} ;;
*) remote=0 path=$target ;;
esac
case "$path" in
"" | "/" | "~" | "~/" | "." | "./")
    die "DEPLOY_TARGET“$target”指向根目录或主目录，太危险，拒绝发布 (refusing to deploy into a root or home folder)"
    ;;
esac
target=${target%/}/ # the folder itself, never a subfolder named after the site

if [ "$remote" = 0 ]; then
    mkdir -p "$(dirname "$path")" # rsync makes the last folder only
fi

rsync_opts=(--recursive --links --times --compress --chmod=D755,F644)
if [ "$remote" = 1 ]; then
    rsync_opts+=(--rsh "${DEPLOY_SSH:-ssh -o BatchMode=yes}")
fi

# What is there already? (Nothing, or a site this script published, or something else.)
if listing=$(rsync "${rsync_opts[@]}" --list-only --no-recursive --dirs "$target" 2>/dev/null); then
    entries=$(printf '%s\n' "$listing" | awk '{print $NF}' | grep -vxF . || true)
    if [ -n "$entries" ] && ! printf '%s\n' "$entries" | grep -qxF "$marker" &&
        [ "${DEPLOY_FORCE:-0}" != 1 ]; then
        die "目标“$target”已有文件，但不是本脚本发布的网站（没有 $marker）：为免误删，拒绝发布；确认无误后用 DEPLOY_FORCE=1 再运行一次 (target has files but no $marker: refusing; set DEPLOY_FORCE=1 once if it is really this site's folder)"
    fi
fi

stamp=$(mktemp -d)
trap 'rm -rf "$stamp"' EXIT
printf 'deployed %s\ncommit %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "${CI_COMMIT_SHA:-${GITHUB_SHA:-unknown}}" >"$stamp/$marker"

say "发布 $site/ → $target (deploying)"
# Two sources, merged: the site and the marker. --delete-after removes what the site no
# longer has, after every new file is in place (--delay-updates renames them together).
rsync "${rsync_opts[@]}" --delete-after --delay-updates "$site/" "$stamp/" "$target" ||
    die "rsync 失败（见上面的输出）：检查 DEPLOY_TARGET、SSH 密钥和网络；目标上的旧网站仍然可用 (rsync failed; the previous site is still served)"

rsync "${rsync_opts[@]}" --list-only "${target}index.html" >/dev/null 2>&1 ||
    die "发布后在目标上找不到 index.html，请检查 DEPLOY_TARGET 与服务器 (index.html not found on the target after deploying)"
say "发布完成 (done): ${target}index.html"
