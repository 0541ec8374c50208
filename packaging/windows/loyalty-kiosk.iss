; Inno Setup 6 script: the Windows installer of Loyalty Kiosk. Not built or tested by this repository (no
; Windows here); docs/install.md "Windows" says what to run. Build the bundle first, on Windows:
;   .venv\Scripts\python -m PyInstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\loyalty-kiosk.spec
; then, from the repository's root:
;   iscc /DAppVersion=0.1.0 packaging\windows\loyalty-kiosk.iss      -> dist\LoyaltyKiosk-Setup-0.1.0.exe
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
; One fixed id for every version, so a new installer upgrades the old installation in place.
AppId={{6D0C5E9A-3B7E-4C55-9A61-0B8F2C1E7D42}
AppName=Loyalty Kiosk
AppVersion={#AppVersion}
AppPublisher=Loyalty Kiosk
DefaultDirName={autopf}\Loyalty Kiosk
DefaultGroupName=Loyalty Kiosk
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
OutputDir=..\..\dist
OutputBaseFilename=LoyaltyKiosk-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\kiosk.exe
ChangesEnvironment=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "counterautostart"; Description: "Open the counter when this user logs in"; Flags: unchecked
Name: "addtopath"; Description: "Add the kiosk command to PATH (scripting, support)"; Flags: unchecked

[Files]
; The whole PyInstaller folder: kiosk.exe (console, for scripting), kiosk-gui.exe (no console) and _internal\.
Source: "..\..\dist\loyalty-kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Loyalty Kiosk Counter"; Filename: "{app}\kiosk-gui.exe"; Parameters: "counter"
Name: "{group}\Loyalty Kiosk Manager"; Filename: "{app}\kiosk-gui.exe"; Parameters: "manager"
Name: "{group}\Loyalty Kiosk Self-service"; Filename: "{app}\kiosk-gui.exe"; Parameters: "selfservice"
Name: "{userstartup}\Loyalty Kiosk Counter"; Filename: "{app}\kiosk-gui.exe"; Parameters: "counter"; Tasks: counterautostart

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; \
  ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotInPath(ExpandConstant('{app}'))

[Code]
function NotInPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKLM, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Path) then
    Result := True
  else
    Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
