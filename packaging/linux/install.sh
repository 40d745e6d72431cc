#!/bin/sh
# Install AutoGraph for the current user (no root needed), or remove it with --uninstall.
#
#   ./install.sh              program in ~/.local/lib/autograph, `autograph` in ~/.local/bin,
#                             menu entry, icons and the .autograph file type in ~/.local/share
#   ./install.sh --uninstall  remove all of that; your diagrams and settings stay
#
# Installing over an older version replaces the program only: the library, settings and logs live in
# ~/.local/share/AutoGraph and ~/.config/AutoGraph, which this script never touches; the new version
# migrates the library the first time it opens it (after making a backup).
# PREFIX_HOME (default: $HOME) lets a test install into a scratch folder.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BASE=${PREFIX_HOME:-$HOME}
DATA=${XDG_DATA_HOME:-$BASE/.local/share}
[ -n "${PREFIX_HOME:-}" ] && DATA=$BASE/.local/share
LIB=$BASE/.local/lib/autograph
BIN=$BASE/.local/bin
APPS=$DATA/applications
MIME=$DATA/mime
ICONS=$DATA/icons/hicolor

have() { command -v "$1" >/dev/null 2>&1; }

refresh_desktop() {
    if have update-mime-database; then update-mime-database "$MIME" >/dev/null 2>&1 || true; fi
    if have update-desktop-database; then update-desktop-database "$APPS" >/dev/null 2>&1 || true; fi
    if have gtk-update-icon-cache; then gtk-update-icon-cache -q -t "$ICONS" >/dev/null 2>&1 || true; fi
}

uninstall() {
    rm -rf "$LIB"
    [ -L "$BIN/autograph" ] && rm -f "$BIN/autograph"
    rm -f "$APPS/autograph.desktop" "$MIME/packages/autograph.xml"
    for icon in "$ICONS"/*/apps/autograph.png "$ICONS"/*/mimetypes/application-x-autograph.png; do
        [ -e "$icon" ] && rm -f "$icon"
    done
    refresh_desktop
    echo "AutoGraph was removed. Your diagrams and settings are still in $DATA/AutoGraph."
}

install() {
    [ -x "$HERE/autograph/autograph" ] || { echo "install.sh: the autograph/ folder is missing beside this script" >&2; exit 1; }
    mkdir -p "$BASE/.local/lib" "$BIN" "$APPS" "$MIME/packages"
    # Copy beside the old version, then swap, so a failed copy leaves the installed version working.
    rm -rf "$LIB.new"
    cp -R "$HERE/autograph" "$LIB.new"
    rm -rf "$LIB.old"
    [ -d "$LIB" ] && mv "$LIB" "$LIB.old"
    mv "$LIB.new" "$LIB"
    rm -rf "$LIB.old"
    ln -sf "$LIB/autograph" "$BIN/autograph"
    # The menu entry names the program by its full path: a desktop session may not have ~/.local/bin on PATH.
    sed -e "s|^Exec=autograph|Exec=$LIB/autograph|" -e "s|^TryExec=autograph|TryExec=$LIB/autograph|" \
        "$HERE/share/applications/autograph.desktop" > "$APPS/autograph.desktop"
    cp "$HERE/share/mime/packages/autograph.xml" "$MIME/packages/autograph.xml"
    for dir in "$HERE"/share/icons/hicolor/*; do
        size=$(basename "$dir")
        mkdir -p "$ICONS/$size/apps" "$ICONS/$size/mimetypes"
        cp "$dir/apps/autograph.png" "$ICONS/$size/apps/autograph.png"
        cp "$dir/mimetypes/application-x-autograph.png" "$ICONS/$size/mimetypes/application-x-autograph.png"
    done
    refresh_desktop
    if have xdg-mime; then xdg-mime default autograph.desktop application/vnd.autograph+json >/dev/null 2>&1 || true; fi
    echo "AutoGraph $(cat "$HERE/VERSION") is installed: find it in your applications menu, or run 'autograph'."
    case ":$PATH:" in
        *":$BIN:"*) ;;
        *) echo "Note: $BIN is not on your PATH; add it to run 'autograph' from a terminal." ;;
    esac
}

case "${1:-}" in
    --uninstall) uninstall ;;
    ""|--install) install ;;
    *) echo "usage: $0 [--uninstall]" >&2; exit 2 ;;
esac
