"""Network and Cisco devices (`mxgraph.networks.*`, `mxgraph.cisco.*`, and the devices of other libraries):
a drawn glyph per kind of device, chosen by the words in the stencil's name.

draw.io has hundreds of device stencils; they differ in detail but a reader recognises a router, a switch,
a server or a firewall by its silhouette. Each glyph here is that silhouette in fractions of its box.
"""

from __future__ import annotations

from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import IconStencil, Parts, Pen

#: Stencil libraries whose device names we recognise by keyword.
DEVICE_LIBRARIES = ("mxgraph.networks.", "mxgraph.cisco.", "mxgraph.cisco19.", "mxgraph.cisco_safe.",
                    "mxgraph.rack.", "mxgraph.citrix.", "mxgraph.veeam.", "mxgraph.gcp2.", "mxgraph.office.", "mxgraph.azure.", "mxgraph.mscae.", "mxgraph.aws3d.",
                    "mxgraph.eip.", "mxgraph.ios7.", "mxgraph.alibaba_cloud.")


def _arrows(p: Pen, cy: float) -> Commands:
    """Four arrow strokes crossing at the centre of a router's top (in, out, left, right)."""
    out: Commands = []
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        out += p.line((0.5 + dx * 0.08, cy + dy * 0.05), (0.5 + dx * 0.3, cy + dy * 0.16))
    return out


class Router(IconStencil):
    """A flat disc seen from above the side, crossed by arrows on its top."""

    name = "device.router"
    stencils = ("mxgraph.networks.router", "mxgraph.cisco.routers.router")
    drawio = "shape=mxgraph.networks.router"
    default_size = (80.0, 50.0)

    def parts(self, p: Pen) -> Parts:
        body = p.curve((0, 0.3), ((0, -0.1), (1, -0.1), (1, 0.3)), ((1, 0.3), (1, 0.7), (1, 0.7)),
                       ((1, 1.1), (0, 1.1), (0, 0.7)), close=True)
        rim = p.curve((0, 0.3), ((0, 0.7), (1, 0.7), (1, 0.3)))
        return (body, rim + _arrows(p, 0.3), [])


class Switch(IconStencil):
    """A flat box with arrows both ways on its top."""

    name = "device.switch"
    stencils = ("mxgraph.networks.switch", "mxgraph.cisco.switches.workgroup_switch")
    drawio = "shape=mxgraph.networks.switch"
    default_size = (100.0, 30.0)

    def parts(self, p: Pen) -> Parts:
        body = p.poly((0.1, 0), (1, 0), (0.9, 0.35), (0.9, 1), (0, 1), (0, 0.35))
        lines = p.line((0, 0.35), (0.9, 0.35), (1, 0)) + p.line((0.9, 0.35), (0.9, 1)) + p.line((1, 0), (1, 0.65),
                                                                                               (0.9, 1))
        for v, d in ((0.1, 1), (0.25, -1)):
            lines += p.line((0.3, v + 0.05), (0.7, v + 0.05))
            lines += p.line((0.5 + d * 0.2, v), (0.5 + d * 0.25, v + 0.05), (0.5 + d * 0.2, v + 0.1))
        return (body, lines, [])


class Server(IconStencil):
    """A tower: a tall box with drive bays."""

    name = "device.server"
    stencils = ("mxgraph.networks.server", "mxgraph.cisco.servers.fileserver", "mxgraph.office.servers.server_generic")
    drawio = "shape=mxgraph.networks.server"
    default_size = (50.0, 80.0)

    def parts(self, p: Pen) -> Parts:
        lines: Commands = []
        for v in (0.2, 0.32, 0.44):
            lines += p.line((0.15, v), (0.85, v))
        return (p.rect(0, 0, 1, 1, 0.06), lines, p.circle(0.5, 0.8, 0.06))


class Firewall(IconStencil):
    """A brick wall."""

    name = "device.firewall"
    stencils = ("mxgraph.networks.firewall", "mxgraph.cisco.security.firewall")
    drawio = "shape=mxgraph.networks.firewall"

    def parts(self, p: Pen) -> Parts:
        lines: Commands = []
        rows = 4
        for r in range(1, rows):
            lines += p.line((0, r / rows), (1, r / rows))
        for r in range(rows):
            offset = 0.25 if r % 2 else 0.0
            for c in (0.25, 0.5, 0.75):
                u = c + offset - (0.75 if c + offset >= 1 else 0)
                if 0 < u < 1:
                    lines += p.line((u, r / rows), (u, (r + 1) / rows))
        return (p.rect(0, 0, 1, 1), lines, [])


class Computer(IconStencil):
    """A monitor on a stand (desktop PC, workstation, terminal)."""

    name = "device.pc"
    stencils = ("mxgraph.networks.pc", "mxgraph.cisco.computers_and_peripherals.pc")
    drawio = "shape=mxgraph.networks.pc"

    def parts(self, p: Pen) -> Parts:
        screen = p.rect(0, 0, 1, 0.72, 0.04)
        stand = p.poly((0.42, 0.72), (0.58, 0.72), (0.62, 0.9), (0.8, 0.9), (0.8, 1), (0.2, 1), (0.2, 0.9), (0.38, 0.9))
        return (screen + stand, p.rect(0.06, 0.07, 0.88, 0.56), [])


class Laptop(IconStencil):
    name = "device.laptop"
    stencils = ("mxgraph.networks.laptop", "mxgraph.cisco.computers_and_peripherals.laptop", "mxgraph.gcp2.laptop")
    drawio = "shape=mxgraph.networks.laptop"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0.1, 0, 0.8, 0.78, 0.03) + p.poly((0.1, 0.82), (0.9, 0.82), (1, 1), (0, 1)),
                p.rect(0.15, 0.06, 0.7, 0.66), [])


class Phone(IconStencil):
    """A handheld: a tall rounded slab with a screen (mobile, tablet, smartphone)."""

    name = "device.mobile"
    stencils = ("mxgraph.networks.mobile", "mxgraph.gcp2.phone", "mxgraph.cisco.computers_and_peripherals.pda")
    drawio = "shape=mxgraph.networks.mobile"
    default_size = (36.0, 60.0)

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1, 0.15), p.rect(0.1, 0.1, 0.8, 0.72), p.circle(0.5, 0.91, 0.06))


class Printer(IconStencil):
    name = "device.printer"
    stencils = ("mxgraph.networks.printer", "mxgraph.cisco.computers_and_peripherals.printer")
    drawio = "shape=mxgraph.networks.printer"

    def parts(self, p: Pen) -> Parts:
        body = p.poly((0.2, 0), (0.8, 0), (0.8, 0.3), (1, 0.3), (1, 0.8), (0.8, 0.8), (0.8, 1), (0.2, 1), (0.2, 0.8),
                      (0, 0.8), (0, 0.3), (0.2, 0.3))
        return (body, p.line((0.2, 0.3), (0.8, 0.3)) + p.line((0.2, 0.65), (0.8, 0.65)), [])


class Storage(IconStencil):
    """Stacked disks (storage arrays, NAS, SAN, databases of the device libraries)."""

    name = "device.storage"
    stencils = ("mxgraph.networks.storage", "mxgraph.networks.nas_filer", "mxgraph.cisco.storage.cisco_file_engine",
                "mxgraph.veeam.3d.physical_storage")
    drawio = "shape=mxgraph.networks.storage"

    def parts(self, p: Pen) -> Parts:
        k = 0.12
        body = p.curve((0, k), ((0, -k / 3), (1, -k / 3), (1, k)), ((1, k), (1, 1 - k), (1, 1 - k)),
                       ((1, 1 + k / 3), (0, 1 + k / 3), (0, 1 - k)), close=True)
        rims: Commands = []
        for v in (k, 0.4, 0.65):
            rims += p.curve((0, v), ((0, v + k * 1.3), (1, v + k * 1.3), (1, v)))
        return (body, rims, [])


class Tower(IconStencil):
    """A lattice mast with waves (radio towers, antennas, wireless access points)."""

    name = "device.radio_tower"
    stencils = ("mxgraph.networks.radio_tower", "mxgraph.cisco.wireless.wireless_transport")
    drawio = "shape=mxgraph.networks.radio_tower"
    default_size = (50.0, 80.0)

    def parts(self, p: Pen) -> Parts:
        mast = p.poly((0.45, 0.15), (0.55, 0.15), (0.8, 1), (0.2, 1))
        lattice = p.line((0.35, 0.55), (0.65, 0.55)) + p.line((0.28, 0.78), (0.72, 0.78))
        lattice += p.line((0.45, 0.15), (0.65, 0.55), (0.28, 0.78), (0.8, 1)) + p.line((0.55, 0.15), (0.35, 0.55),
                                                                                       (0.72, 0.78), (0.2, 1))
        waves = p.curve((0.25, 0.05), ((0.15, 0.15), (0.15, 0.3), (0.25, 0.4)))
        waves += p.curve((0.75, 0.05), ((0.85, 0.15), (0.85, 0.3), (0.75, 0.4)))
        return ([], mast + lattice + waves, p.circle(0.5, 0.12, 0.06))


class Satellite(IconStencil):
    """A body between two solar panels."""

    name = "device.satellite"
    stencils = ("mxgraph.networks.satellite",)
    drawio = "shape=mxgraph.networks.satellite"

    def parts(self, p: Pen) -> Parts:
        body = p.rect(0.38, 0.35, 0.24, 0.3) + p.poly((0, 0.3), (0.3, 0.4), (0.3, 0.6), (0, 0.7))
        body += p.poly((1, 0.3), (0.7, 0.4), (0.7, 0.6), (1, 0.7))
        return (body, p.line((0.3, 0.5), (0.38, 0.5)) + p.line((0.62, 0.5), (0.7, 0.5)) + p.line((0.5, 0.35), (0.5, 0.15)),
                p.circle(0.5, 0.13, 0.05))


class Building(IconStencil):
    """An office block (business centre, data centre, corporate office)."""

    name = "device.building"
    stencils = ("mxgraph.networks.business_center", "mxgraph.cisco.buildings.generic_building")
    drawio = "shape=mxgraph.networks.business_center"
    default_size = (50.0, 80.0)

    def parts(self, p: Pen) -> Parts:
        windows: Commands = []
        for row in range(5):
            for col in range(3):
                windows += p.rect(0.15 + col * 0.25, 0.08 + row * 0.16, 0.18, 0.09)
        return (p.rect(0, 0, 1, 1), [], windows)


class Hub(IconStencil):
    """A box with ports along its front (hubs, modems, bridges, appliances)."""

    name = "device.hub"
    stencils = ("mxgraph.networks.hub", "mxgraph.networks.modem", "mxgraph.networks.bridge")
    drawio = "shape=mxgraph.networks.hub"
    default_size = (100.0, 30.0)

    def parts(self, p: Pen) -> Parts:
        ports: Commands = []
        for i in range(6):
            ports += p.rect(0.12 + i * 0.13, 0.45, 0.08, 0.3)
        return (p.rect(0, 0, 1, 1, 0.1), [], ports)


class Globe(IconStencil):
    """A globe with meridians (internet, web, WAN)."""

    name = "device.globe"
    stencils = ("mxgraph.networks.internet", "mxgraph.cisco.misc.internet", "mxgraph.networks.web_server")
    drawio = "shape=mxgraph.networks.internet"
    float_anchors = True

    def parts(self, p: Pen) -> Parts:
        lines = p.oval(0.5, 0.5, 0.2, 0.5) + p.line((0.5, 0), (0.5, 1)) + p.line((0, 0.5), (1, 0.5))
        lines += p.line((0.07, 0.25), (0.93, 0.25)) + p.line((0.07, 0.75), (0.93, 0.75))
        return (p.oval(0.5, 0.5, 0.5, 0.5), lines, [])


class Lock(IconStencil):
    """A padlock (security, locks, keys, certificates)."""

    name = "device.lock"
    stencils = ("mxgraph.gcp2.lock", "mxgraph.office.security.lock_protected", "mxgraph.networks.secured",
                "mxgraph.office.security.lock_with_key_security_blue")
    drawio = "shape=mxgraph.gcp2.lock"
    default_size = (40.0, 50.0)

    def parts(self, p: Pen) -> Parts:
        shackle = p.curve((0.25, 0.45), ((0.25, 0.45), (0.25, 0.3), (0.25, 0.3)), ((0.25, -0.05), (0.75, -0.05), (0.75, 0.3)),
                          ((0.75, 0.3), (0.75, 0.45), (0.75, 0.45)))
        return (p.rect(0, 0.42, 1, 0.58, 0.08), shackle, p.circle(0.5, 0.68, 0.09))


GLYPHS: tuple[IconStencil, ...] = (Router(), Switch(), Server(), Firewall(), Computer(), Laptop(), Phone(), Printer(),
                                   Storage(), Tower(), Satellite(), Building(), Hub(), Globe(), Lock())
#: Words in a device stencil's name -> the glyph that draws it (the first rule that matches wins).
KEYWORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("firewall", "asa", "ips", "ids_sensor", "pix"), "device.firewall"),
    (("router", "gateway", "vpn_concentrator"), "device.router"),
    (("switch", "catalyst", "nexus", "layer_3"), "device.switch"),
    (("laptop", "notebook"), "device.laptop"),
    (("mobile", "phone", "iphone", "tablet", "ipad", "pda", "handheld", "android"), "device.mobile"),
    (("printer", "fax", "scanner", "copier"), "device.printer"),
    (("storage", "disk", "nas", "san", "raid", "tape", "backup", "database", "repository"), "device.storage"),
    (("tower", "antenna", "wireless", "access_point", "radio", "wifi", "wlan", "signal"), "device.radio_tower"),
    (("satellite",), "device.satellite"),
    (("building", "business_center", "office", "datacenter", "data_center", "house", "home", "branch"), "device.building"),
    (("hub", "modem", "bridge", "appliance", "concentrator", "load_balancer", "patch_panel"), "device.hub"),
    (("internet", "globe", "web", "wan", "world"), "device.globe"),
    (("lock", "secure", "security", "key", "certificate", "shield"), "device.lock"),
    (("pc", "computer", "desktop", "workstation", "terminal", "monitor", "display", "thin_client", "mac"),
     "device.pc"),
    (("server", "mainframe", "host", "blade", "rack", "mail", "proxy", "dns", "dhcp", "ftp"), "device.server"),
)


def device_kind(stencil: str) -> str | None:
    """The glyph for a device stencil of a known library, by the words in its name (None if no word fits)."""
    if not stencil.startswith(DEVICE_LIBRARIES):
        return None
    words = stencil.split(".", 2)[-1].lower()
    for keys, kind in KEYWORDS:
        if any(_has_word(words, key) for key in keys):
            return kind
    return None


def _has_word(name: str, word: str) -> bool:
    """`word` as a whole word of a stencil name (`pc` in `pc_1` but not in `epc`)."""
    for piece in name.replace(".", "_").split("_"):
        if word in (piece, piece.rstrip("0123456789"), piece.removesuffix("s")):
            return True
    return "_" in word and word in name

