import json, sys
# gold-format annotation -> kg extract prediction format (so score.py can compare two annotations)
KIND = {"datasets": "dataset", "metrics": "metric", "methods_proposed": "method", "methods_used": "method", "tasks": "task"}
for line in open(sys.argv[1]):
    r = json.loads(line)
    ents = []
    for f, t in KIND.items():
        for e in r.get(f, []):
            d = {"type": t, "name": e["name"], "surface": e.get("aliases", [])}
            if t == "method": d["role"] = "proposed" if f == "methods_proposed" else "used"
            ents.append(d)
    for u in r.get("repos", []): ents.append({"type": "repository", "name": u, "id": u})
    print(json.dumps({"id": r["id"], "entities": ents, "results": r.get("results", [])}))
