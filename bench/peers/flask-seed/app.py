"""The seed article's Flask shop (../../../../shared/seed/), completed just enough to run under load.

What the article shows is kept as it was: the cart is a list of catalog rows in Flask's signed-cookie session,
`POST /cart/<product_id>` appends one and redirects to `/` (302), `GET /` lists the products with the cart count,
the secret comes from the `Flask_session.secret_key` environment variable, sessions are permanent for 3 hours.
What the article left out is filled in the plainest way the article implies: one SQLite table joining
products.csv and prices.csv on the product id (`stripe_csv_to_db`), and a small inline template for index.html.

Run by bench/lib/seed.ts:
  python3 app.py import <products.csv> <prices.csv> <db>     fills the catalog table (before the server starts)
  SEED_DB=<db> Flask_session.secret_key=... gunicorn -w <cores> app:app
"""
import csv
import os
import sqlite3
import sys
from datetime import timedelta

from flask import Flask, redirect, render_template_string, session

app = Flask(__name__)
app.secret_key = os.environ.get("Flask_session.secret_key")
app.permanent_session_lifetime = timedelta(hours=3)

DB = os.environ.get("SEED_DB", "seed.db")

INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body>
<header><h1>Shop</h1><p class="cart">Cart: {{ cart_items_number }}</p></header>
<main><ul>
{% for product in products %}
<li><h2>{{ product[1] }}</h2><p>{{ product[2] }}</p><p>{{ product[4] }} {{ product[5]|upper }}</p>
<form method="post" action="/cart/{{ product[0] }}"><button>Add to cart</button></form></li>
{% endfor %}
</ul></main>
</body></html>"""


# --- stripe_csv_to_db: the catalog, one table joining products.csv and prices.csv on the product id ---

def import_csv(products_csv, prices_csv, db_path):
    with open(products_csv, newline="", encoding="utf-8-sig") as f:
        products = {row["id"]: row for row in csv.DictReader(f)}
    rows = []
    with open(prices_csv, newline="", encoding="utf-8-sig") as f:
        for price in csv.DictReader(f):
            product = products.get(price["Product ID"])
            if product is None:
                continue
            rows.append((product["id"], product["Name"], product.get("Description", ""),
                         price["Price ID"], price["Amount"], price["Currency"]))
    con = sqlite3.connect(db_path)
    con.execute("DROP TABLE IF EXISTS items")
    con.execute("CREATE TABLE items (product_id TEXT, name TEXT, description TEXT,"
                " price_id TEXT, amount TEXT, currency TEXT)")
    con.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return len(rows)


def get_item_by_productID(product_id):
    con = sqlite3.connect(DB)
    try:
        return con.execute("SELECT * FROM items WHERE product_id = ?", (product_id,)).fetchall()
    finally:
        con.close()


def products_get_data():
    con = sqlite3.connect(DB)
    try:
        return con.execute("SELECT * FROM items").fetchall()
    finally:
        con.close()


# --- the article's app ---

@app.route("/", methods=['GET'])
def index():
    cart_items_number = 0
    if 'cart_items' in session:
        cart_items_number = len(session['cart_items'])
    products = products_get_data()
    return render_template_string(INDEX, products=products, cart_items_number=cart_items_number)


@app.route("/cart/<product_id>", methods=['POST'])
def add_to_cart(product_id):
    item = get_item_by_productID(product_id)
    session.permanent = True
    session["id"] = product_id
    if 'cart_items' not in session:
        session['cart_items'] = []
    cart_list = session['cart_items']
    cart_list.append(item[0])  # as in the article: an unknown product id raises here (500)
    session['cart_items'] = cart_list
    return redirect("/")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "import":
        count = import_csv(sys.argv[2], sys.argv[3], sys.argv[4])
        print(f"{count} items imported into {sys.argv[4]}")
    else:
        print("usage: python3 app.py import <products.csv> <prices.csv> <db>", file=sys.stderr)
        sys.exit(2)
