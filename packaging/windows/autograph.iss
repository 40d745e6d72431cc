; Inno Setup script of the Windows installer: per-user (no administrator rights), Start menu entry,
; .autograph files opened by AutoGraph, and upgrades that keep the user's library.
;
; Built on Windows after the bundle and the icons:
;   python packaging\make_icons.py build\icons          (QT_QPA_PLATFORM=offscreen; the spec uses the .ico)
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\autograph.spec
;   iscc /DAppVersion=<autograph_desktop.__version__> packaging\windows\autograph.iss
;
; The program goes to %LOCALAPPDATA%\Programs\AutoGraph. The library, settings and logs live in
; %LOCALAPPDATA%\AutoGraph (platformdirs), which neither an upgrade nor the uninstaller touches; a newer
; version migrates the library the first time it opens it, after backing it up. The AppId below must never
; change: it is how a newer installer finds the installed version to upgrade.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z autograph.iss
#endif
#define AppName "AutoGraph"
#define GuiExe "AutoGraph.exe"
#define ProgId "AutoGraph.Diagram"
#define MimeType "application/vnd.autograph+json"

[Setup]
AppId={{6F1C9A52-3B7E-4D0A-9C61-0A7E5B2D4F13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=AutoGraph
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
UsePreviousAppDir=yes
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=AutoGraph-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\autograph.ico
UninstallDisplayIcon={app}\{#GuiExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[InstallDelete]
; An upgrade replaces the program files whole, so no file of the older version lingers beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\autograph\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Diagrams for software people"

[Registry]
; Per-user file association (HKA is HKCU for a per-user install).
Root: HKA; Subkey: "Software\Classes\.autograph"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.autograph"; ValueType: string; ValueName: "Content Type"; ValueData: "{#MimeType}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.autograph\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "AutoGraph diagram"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".autograph"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#GuiExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent
