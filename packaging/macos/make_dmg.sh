#!/bin/sh
# The macOS disk image: AutoGraph.app beside a link to /Applications, compressed (UDZO). Run on a Mac:
#
#   QT_QPA_PLATFORM=offscreen python packaging/make_icons.py build/icons   (first: the spec uses the .icns)
#   pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller packaging/autograph.spec
#   sh packaging/macos/make_dmg.sh
#
# With CODESIGN_IDENTITY set, the app is signed (hardened runtime) before it goes into the image; notarise
# the .dmg afterwards with `xcrun notarytool submit --wait` and `xcrun stapler staple`.
set -eu
cd "$(dirname "$0")/../.."
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' autograph_desktop/__init__.py)
APP=dist/AutoGraph.app
[ -d "$APP" ] || { echo "make_dmg.sh: $APP is missing; build it with pyinstaller first" >&2; exit 1; }
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$APP"
fi
STAGE=build/dmg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
OUT=dist/AutoGraph-$VERSION.dmg
rm -f "$OUT"
hdiutil create -volname "AutoGraph $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$OUT"
echo "$OUT"
