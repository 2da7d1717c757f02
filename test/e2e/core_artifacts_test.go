package e2e

import (
	"testing"
)

// artifactConfigAndStorage applies the config, storage and policy examples and reads them back the
// way a user would, with kubectl get and its short names.
func artifactConfigAndStorage(t *testing.T) {
	apply(t, "configmap.yaml", "configmap/nginx-config created")
	tb := parseTable(t, kubectl(t, "get", "cm", "nginx-config", "-n", "demo"))
	tb.wantHeader(t, "NAME", "DATA", "AGE")
	wantCells(t, tb.row(t, "nginx-config"), map[string]string{"DATA": "2"})

	apply(t, "secret.yaml", "secret/db-credentials created")
	tb = parseTable(t, kubectl(t, "get", "secret", "db-credentials", "-n", "demo"))
	tb.wantHeader(t, "NAME", "TYPE", "DATA", "AGE")
	wantCells(t, tb.row(t, "db-credentials"), map[string]string{"TYPE": "kubernetes.io/basic-auth", "DATA": "2"})
	if out := kubectl(t, "get", "secret", "db-credentials", "-n", "demo", "-o", "jsonpath={.data.username}"); out != "YWRtaW4=" {
		t.Errorf("secret data.username = %q, want base64 of admin", out)
	}
	if out := kubectl(t, "get", "secret", "db-credentials", "-n", "demo", "-o", "jsonpath={.stringData}"); out != "" {
		t.Errorf("the stored secret still has stringData: %s", out)
	}

	apply(t, "persistentvolume.yaml", "persistentvolume/local-disk created")
	tb = parseTable(t, kubectl(t, "get", "pv", "local-disk"))
	tb.wantHeader(t, "NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE")
	wantCells(t, tb.row(t, "local-disk"), map[string]string{"CAPACITY": "5Gi", "ACCESS MODES": "RWO", "RECLAIM POLICY": "Retain", "STATUS": "Pending", "STORAGECLASS": "manual", "VOLUMEATTRIBUTESCLASS": "<unset>"})

	apply(t, "persistentvolumeclaim.yaml", "persistentvolumeclaim/data created")
	tb = parseTable(t, kubectl(t, "get", "pvc", "data", "-n", "demo"))
	tb.wantHeader(t, "NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE")
	wantCells(t, tb.row(t, "data"), map[string]string{"STATUS": "Pending", "STORAGECLASS": "manual"})

	apply(t, "limitrange.yaml", "limitrange/container-limits created")
	tb = parseTable(t, kubectl(t, "get", "limits", "-n", "demo"))
	tb.wantHeader(t, "NAME", "CREATED AT")
	tb.row(t, "container-limits")

	apply(t, "resourcequota.yaml", "resourcequota/compute created")
	tb = parseTable(t, kubectl(t, "get", "quota", "compute", "-n", "demo"))
	tb.wantHeader(t, "NAME", "AGE", "REQUEST", "LIMIT")

	kubectl(t, "delete", "-f", artifact("persistentvolume.yaml"))
}
