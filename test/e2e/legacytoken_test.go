package e2e

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// longLivedToken is the manifest of "Manually create a long-lived API token for a ServiceAccount".
const longLivedToken = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: build-robot
  namespace: e2e-legacytoken
---
apiVersion: v1
kind: Secret
metadata:
  name: build-robot-secret
  namespace: e2e-legacytoken
  annotations:
    kubernetes.io/service-account.name: build-robot
type: kubernetes.io/service-account-token
`

func TestLongLivedTokenSecret(t *testing.T) {
	const ns = "e2e-legacytoken"
	createNamespace(t, ns)
	if out := kubectlIn(t, longLivedToken, "apply", "-f", "-"); out != "serviceaccount/build-robot created\nsecret/build-robot-secret created\n" {
		t.Errorf("kubectl apply printed %q", out)
	}

	var encoded string
	deadline := time.Now().Add(30 * time.Second)
	for encoded == "" {
		encoded = kubectl(t, "get", "secret", "build-robot-secret", "-n", ns, "-o", "jsonpath={.data.token}")
		if encoded == "" && time.Now().After(deadline) {
			t.Fatal("the Secret got no token")
		}
		time.Sleep(100 * time.Millisecond)
	}
	token, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if out := kubectl(t, "--kubeconfig="+tokenKubeconfig(t, shared, string(token)), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"); out != "system:serviceaccount:e2e-legacytoken:build-robot" {
		t.Errorf("kubectl auth whoami with the Secret's token printed %q", out)
	}
	if out := kubectl(t, "get", "secret", "build-robot-secret", "-n", ns, "-o", "jsonpath={.data.namespace}"); out != base64.StdEncoding.EncodeToString([]byte(ns)) {
		t.Errorf("data.namespace = %q, want %s base64-encoded", out, ns)
	}

	kubectl(t, "delete", "serviceaccount", "build-robot", "-n", ns)
	if out := kubectlFails(t, "--kubeconfig="+tokenKubeconfig(t, shared, string(token)), "auth", "whoami"); !strings.Contains(out, "Unauthorized") {
		t.Errorf("kubectl auth whoami after the account was deleted printed %q, want Unauthorized", out)
	}
}
