"""Every Qt widget of the app. Importing this package first makes later imports cheap (see qtimports)."""

from autograph_desktop.gui.qtimports import speed_up_pyside_imports

speed_up_pyside_imports()
