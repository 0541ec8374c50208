"""The set-up wizard's words for what kiosk.services.setup refuses, by code, in the screen's language."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    # pyside6-lupdate files a bare tr("...") call under the empty context, so look it up there
    return QCoreApplication.translate("", text)


def refusal_text(code: str, params: Mapping[str, object], fallback: str) -> str:
    """One line saying what to fix; `fallback` (the service's English) only for a code this screen does not know."""
    kind = str(params.get("kind", ""))
    texts = {
        "shop_name_missing": tr("Enter the shop's name as receipts should show it."),
        "shop_name_too_long": tr("The shop's name is too long for a receipt (at most %1 characters).").replace(
            "%1", str(params.get("max", 48))),
        "tax_id_invalid": tr("A tax id has letters, digits, spaces and dashes only (at most 20)."),
        "shop_phone_invalid": tr("A phone number has digits, spaces, dashes and an optional +."),
        "line_too_long": tr("Line %1 is too long for a receipt (at most %2 characters).").replace(
            "%1", str(params.get("line", ""))).replace("%2", str(params.get("max", 48))),
        "currency_unsupported": tr("Choose the shop's currency."),
        "language_unsupported": tr("Choose Thai or English."),
        "template_unknown": tr("Choose one of the programs."),
        "name_missing": tr("Enter the owner's name."),
        "name_too_long": tr("The name is too long."),
        "name_invalid": tr("A name needs at least one letter."),
        "pin_invalid": tr("A PIN is 4 to 8 digits."),
        "pin_mismatch": tr("The two PINs are not the same: type the PIN again."),
        "printer_kind_unknown": tr("Choose how the printer is connected."),
        "paper_invalid": tr("Choose the paper width."),
        "printer_address_missing": tr("Enter where the printer is."),
        "printer_address_invalid": {
            "network": tr("A network printer's address is like 192.168.1.50 or 192.168.1.50:9100."),
            "usb": tr("A USB printer is named by its vendor and product id, like 04b8:0202 (the lsusb command "
                      "shows them)."),
        }.get(kind, tr("Enter the printer's device, like /dev/ttyUSB0 or /dev/usb/lp0.")),
        "printer_invalid": tr("Those printer settings cannot work: %1").replace("%1", fallback),
        "stripe_key_invalid": tr("A Stripe secret key starts with sk_live_ or sk_test_ (or rk_ for a restricted "
                                 "key)."),
        "keyring_unavailable": tr("This computer has no keyring to keep the key in. Leave it empty: the key can "
                                  "be given later with KIOSK_STRIPE_API_KEY."),
        "keyring_failed": tr("The keyring did not keep the key. Unlock it and try again, or leave the key empty."),
        "hub_url_invalid": tr("The hub address looks like postgresql://user@host/database."),
        "hub_url_password": tr("Leave the password out of the hub address: type it in its own field."),
        "hub_name_missing": tr("Give this device a name, like Counter 2."),
        "device_name_too_long": tr("A device's name is at most 60 characters."),
        "hub_unreachable": tr("The hub did not answer. Check its address, the password and the network."),
        "hub_refused": tr("The hub refused: check the owner's login and password."),
        "hub_not_a_hub": tr("That database is not a hub yet: set up the shop's first device first."),
        "hub_no_shop": tr("The hub has no shop yet: set up the shop's first device first."),
        "hub_which_shop": tr("The hub serves several shops: join from the manager's Devices page, which asks "
                             "which one."),
        "hub_join_not_fresh": tr("This device already has members or sales, so it cannot join a shop."),
        "hub_revoked": tr("This device was retired from the hub and cannot join again."),
        "hub_failed": tr("The hub could not be joined."),
    }
    return texts.get(code, fallback)


def printer_problem_text(reason: str, fallback: str) -> str:
    """Why the test page did not print, by kiosk.services.printing.PRINTER_PROBLEMS' reason."""
    texts = {
        "not_answering": tr("The printer is not answering. Check it is switched on and connected."),
        "unknown_address": tr("The printer cannot be found on the network. Check its address."),
        "not_found": tr("The printer is not found. Check it is switched on and its cable is plugged in."),
        "in_use": tr("The printer is in use by another program. Close that program and try again."),
        "no_permission": tr("This computer's user may not use the printer yet (Linux: add it to the lp or "
                            "dialout group)."),
        "connection_lost": tr("The printer dropped the connection. Check it is switched on and connected."),
        "job_refused": tr("The printer refused the test page."),
        "not_ready": tr("The printer is not ready: check the paper and the cover."),
        "not_set_up": tr("The printer cannot be set up with these settings."),
        "not_confirmed": tr("The printer took the test page but did not confirm it printed. Did it come out?"),
        "driver_missing": tr("This computer lacks the driver for that kind of printer."),
    }
    return texts.get(reason, fallback)


__all__ = ["printer_problem_text", "refusal_text"]
