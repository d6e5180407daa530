#!/usr/bin/env python3
"""Builds the IP-range snapshot that `vigie probe` ships (`ranges/*.txt`) from
the lists the providers publish, saved to files first.

    python3 scripts/ranges.py --out ranges \
        --aws ip-ranges.json \
        --azure ServiceTags_Public_YYYYMMDD.json \
        --mirror-json DIR [--mirror-name "owner/repo@commit"] \
        --routes-ovh DIR --routes-date YYYY-MM-DD --announced-ovh FILE \
        --stated

--aws takes Amazon's own list (https://ip-ranges.amazonaws.com/ip-ranges.json),
whose prefixes carry their region. --azure takes Microsoft's "Azure IP Ranges
and Service Tags - Public Cloud" file
(https://www.microsoft.com/en-us/download/details.aspx?id=56519, published
weekly as ServiceTags_Public_YYYYMMDD.json: the date is read from the name;
--azure-source gives the file's own download address), whose
`AzureCloud.<region>` tags give each prefix its region; prefixes of the
`AzureCloud` tag in no regional tag are kept without one.
--stated writes the few addresses providers state on a page of their own (STATED
below: Netlify's load balancer). --mirror-json takes a folder of files in the
shape {provider, source: [urls], last_update, ipv4: [...], ipv6: [...]}, one per
provider, as kept by the public mirror github.com/disposable/cloud-ip-ranges
(`json/`), for the providers listed in MIRRORED below.

--routes-ovh is for OVHcloud, which publishes no list: a folder with `ipv4.txt`
and `ipv6.txt`, the route objects whose origin is one of OVH's autonomous
systems in RIPE's RIS whois (what BGP announces) and four routing registries
(RADb, NTT, Rogers, bgp.net.br), as the mirror github.com/antonme/ipranges keeps
them (`ovh/`); --routes-date is the day they were read (the mirror's commit).
Registries also hold stale and mistaken objects, so a prefix is kept only when
--announced-ovh covers it: the prefixes its hosting network (OVHCLOUD below)
announces, ipverse's `as/16276/aggregated.json` (github.com/ipverse/as-ip-blocks).

Where a network exists, download each provider's list from its `source` and
rerun; without one, fetch a mirror's snapshot. Each output file says where its
prefixes come from and of what date:

    # provider: amazon-web-services
    # name: Amazon Web Services
    # country: US
    # source: https://ip-ranges.amazonaws.com/ip-ranges.json
    # date: 2026-08-22
    # via: seligman/aws-ip-ranges@8468811
    3.4.12.4/32 eu-west-1

Prefixes are facts the providers publish, not code. The script writes files in
a stable order, so that a refresh's diff shows what changed.
"""
import argparse
import ipaddress
import json
import os
import sys

# Mirrored lists taken: the file's stem in the mirror, the wiki's provider slug,
# the provider's name and its operator's country.
MIRRORED = [
    ("microsoft-azure", "microsoft-azure", "Microsoft Azure", "US"),
    ("google-cloud", "google-cloud", "Google Cloud", "US"),
    ("oracle-cloud", "oracle-cloud", "Oracle Cloud Infrastructure", "US"),
    ("cloudflare", "cloudflare", "Cloudflare", "US"),
    ("fastly", "fastly", "Fastly", "US"),
    ("akamai", "akamai", "Akamai", "US"),
    ("digitalocean", "digitalocean", "DigitalOcean", "US"),
    ("github", "github", "GitHub", "US"),
    # The mirror's Hetzner list is the BGP announcements of AS24940 (Hetzner
    # Online GmbH) and AS37153; the latter is now Xneelo's (formerly Hetzner
    # South Africa): check that none of its prefixes is kept (README).
    ("hetzner", "hetzner", "Hetzner", "DE"),
    ("scaleway", "scaleway", "Scaleway", "FR"),
    ("clever-cloud", "clever-cloud", "Clever Cloud", "FR"),
    ("vercel", "vercel", "Vercel", "US"),
]


def write(out, slug, name, country, sources, date, via, prefixes):
    """Writes one provider's file: a header, then `prefix [region]` lines."""
    def key(line):
        network = ipaddress.ip_network(line[0], strict=False)
        return (network.version, network.network_address, network.prefixlen, line[1])

    lines = sorted({(str(ipaddress.ip_network(p, strict=False)), r) for p, r in prefixes}, key=key)
    path = os.path.join(out, f"{slug}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# provider: {slug}\n# name: {name}\n# country: {country}\n")
        for source in sources:
            f.write(f"# source: {source}\n")
        f.write(f"# date: {date}\n")
        if via:
            f.write(f"# via: {via}\n")
        for prefix, region in lines:
            f.write(f"{prefix} {region}\n" if region else f"{prefix}\n")
    print(f"{path}: {len(lines)} prefixes, {date}", file=sys.stderr)


def aws(out, path, via):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    # createDate is "YYYY-MM-DD-hh-mm-ss".
    date = data["createDate"][:10]
    prefixes = [(p["ip_prefix"], p["region"]) for p in data["prefixes"]]
    prefixes += [(p["ipv6_prefix"], p["region"]) for p in data.get("ipv6_prefixes", [])]
    write(out, "amazon-web-services", "Amazon Web Services", "US",
          ["https://ip-ranges.amazonaws.com/ip-ranges.json"], date, via, prefixes)


# Addresses a provider states on a page of its own rather than in a list
# file: slug, name, country, the page, the page's date, the prefixes.
STATED = [
    # Netlify publishes no ranges; its support guide gives the address of its
    # load balancer for apex domains ("Since March 2021, the correct load
    # balancer IP is 75.2.60.5"; the guide was last reviewed in August 2023).
    ("netlify", "Netlify", "US",
     "https://answers.netlify.com/t/support-guide-minimizing-impact-of-load-balancer-not-working/34888",
     "2023-08", ["75.2.60.5/32"]),
]


def stated(out):
    for slug, name, country, source, date, prefixes in STATED:
        write(out, slug, name, country, [source], date, "", [(p, "") for p in prefixes])


def azure(out, path, source, via):
    name = os.path.basename(path)
    stamp = name.rsplit("_", 1)[-1].split(".")[0]
    if len(stamp) != 8 or not stamp.isdigit():
        sys.exit(f"{path}: the name must end in _YYYYMMDD.json, as Microsoft publishes it")
    date = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    regional, everything = {}, []
    for value in data["values"]:
        if value["name"].startswith("AzureCloud."):
            region = value["properties"]["region"]
            for prefix in value["properties"]["addressPrefixes"]:
                # A prefix in two regions' tags keeps the first by name.
                regional.setdefault(prefix, region)
        elif value["name"] == "AzureCloud":
            everything = value["properties"]["addressPrefixes"]
    prefixes = list(regional.items())
    prefixes += [(p, "") for p in everything if p not in regional]
    write(out, "microsoft-azure", "Microsoft Azure", "US", [source], date, via, prefixes)


# OVHcloud publishes no list: its prefixes are the routes its autonomous
# systems originate. The wiki's slug, the name, the operator's country, the
# autonomous systems of the routes taken, the one whose announcements keep
# them. OVH SAS has two: AS16276, its hosting network, and AS35540 (handle
# OVH-TELECOM), whose own prefixes are not kept (the mirror's list holds both;
# the announced list is AS16276's alone).
OVHCLOUD = ("ovhcloud", "OVHcloud", "FR", "AS16276 or AS35540", "AS16276")


def routed(out, folder, date, announced_path, via):
    slug, name, country, origins, system = OVHCLOUD
    with open(announced_path, encoding="utf-8") as f:
        announced = json.load(f)
    # ipverse's format was {subnets: ...} before 2026-01-03, {prefixes: ...} since.
    lists = announced.get("prefixes") or announced["subnets"]
    announced = [ipaddress.ip_network(p) for p in lists["ipv4"] + lists["ipv6"]]
    kept = []
    for family in ("ipv4.txt", "ipv6.txt"):
        with open(os.path.join(folder, family), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                network = ipaddress.ip_network(line, strict=False)
                if any(network.version == a.version and network.subnet_of(a) for a in announced):
                    kept.append(network)
    # A route inside another of the same list says nothing more.
    prefixes = [(str(n), "") for version in (4, 6)
                for n in ipaddress.collapse_addresses(n for n in kept if n.version == version)]
    # One line, as `vigie probe` quotes a list's first source in its records.
    sources = [
        f"the route objects with origin {origins} in RIPE RIS whois, RADb, NTT, Rogers "
        f"and bgp.net.br that {system} announces (ipverse/as-ip-blocks, as/{system[2:]})"
    ]
    write(out, slug, name, country, sources, date, via, prefixes)


def mirrored(out, folder, via):
    for stem, slug, name, country in MIRRORED:
        path = os.path.join(folder, f"{stem}.json")
        if not os.path.exists(path):
            print(f"{path}: missing, {slug} skipped", file=sys.stderr)
            continue
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        sources = data["source"] if isinstance(data["source"], list) else [data["source"]]
        # A list made from routing data names autonomous systems, not a page.
        sources = [s if s.startswith("http") else f"BGP announcements of {s}" for s in sources]
        date = data["last_update"][:10]
        prefixes = [(p, "") for p in data.get("ipv4", []) + data.get("ipv6", [])]
        write(out, slug, name, country, sources, date, via, prefixes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--aws")
    parser.add_argument("--aws-via", default="")
    parser.add_argument("--stated", action="store_true",
                        help="also write the addresses providers state on their own pages (STATED)")
    parser.add_argument("--azure")
    parser.add_argument("--azure-source", default="https://www.microsoft.com/en-us/download/details.aspx?id=56519")
    parser.add_argument("--azure-via", default="")
    parser.add_argument("--mirror-json")
    parser.add_argument("--mirror-name", default="")
    parser.add_argument("--routes-ovh")
    parser.add_argument("--routes-date")
    parser.add_argument("--announced-ovh")
    parser.add_argument("--routes-via", default="")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.aws:
        aws(args.out, args.aws, args.aws_via)
    if args.stated:
        stated(args.out)
    if args.mirror_json:
        mirrored(args.out, args.mirror_json, args.mirror_name)
    if args.routes_ovh:
        if not (args.routes_date and args.announced_ovh):
            sys.exit("--routes-ovh needs --routes-date and --announced-ovh")
        routed(args.out, args.routes_ovh, args.routes_date, args.announced_ovh, args.routes_via)
    # After the mirror, whose Azure list has no regions: Microsoft's own wins.
    if args.azure:
        azure(args.out, args.azure, args.azure_source, args.azure_via)


if __name__ == "__main__":
    main()
