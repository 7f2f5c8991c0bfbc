#!/bin/sh
# Rebuild fonts/JixiaoSerifSC-Regular.ttf from Debian's Noto Serif CJK SC.
# Usage: fonts/build.sh            (called by `make fonts`)
# Extra arguments go to build.py, e.g. --hanzi gb2312 --out /tmp.
set -eu
here=$(cd "$(dirname "$0")" && pwd)

missing=""
need() { # need FILE PACKAGE
	[ -r "$1" ] || { echo "build.sh: missing $1" >&2; missing="$missing $2"; }
}
need /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc fonts-noto-cjk
need /usr/share/unicode/Unihan_OtherMappings.txt.bz2 unicode-data

# A python3 that has fontTools: $PYTHON, else Debian's, else the first on PATH
# (a pyenv or venv python3 on PATH usually lacks Debian's python3-fonttools).
py=""
for p in ${PYTHON:-} /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import fontTools.cu2qu, fontTools.subset' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "build.sh: no python3 with fontTools" >&2; missing="$missing python3-fonttools"; }

if [ -n "$missing" ]; then
	echo "build.sh: install with: apt-get install$missing" >&2
	exit 1
fi

echo "build.sh: $py, fontTools $("$py" -c 'import fontTools; print(fontTools.version)')," \
	"fonts-noto-cjk $(dpkg-query -W -f='${Version}' fonts-noto-cjk 2>/dev/null || echo '?')" >&2
exec "$py" "$here/build.py" "$@"
