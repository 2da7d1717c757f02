package e2e

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestCreateTokenAndWhoami(t *testing.T) {
	const ns = "e2e-auth"
	createNamespace(t, ns)
	shared.kubectlEventually(t, 30*time.Second, "get", "serviceaccount", "default", "-n", ns)
	if out := kubectl(t, "get", "sa", "-n", ns); !strings.HasPrefix(out, "NAME      AGE\ndefault   ") {
		t.Errorf("kubectl get sa printed %q", out)
	}

	token := strings.TrimSpace(kubectl(t, "create", "token", "default", "-n", ns, "--duration=20m"))
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("kubectl create token printed %q, want a JWT", token)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Iss string `json:"iss"`
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
		Iat int64  `json:"iat"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Iss != "https://kubernetes.default.svc.cluster.local" || claims.Sub != "system:serviceaccount:e2e-auth:default" || claims.Exp-claims.Iat != 1200 {
		t.Errorf("token claims = %+v", claims)
	}

	if out := kubectl(t, "--kubeconfig="+tokenKubeconfig(t, shared, token), "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}"); out != `system:serviceaccount:e2e-auth:default ["system:serviceaccounts","system:serviceaccounts:e2e-auth","system:authenticated"]` {
		t.Errorf("kubectl auth whoami with the token printed %q", out)
	}
	out := kubectl(t, "auth", "whoami")
	if !strings.Contains(out, "Username   ") || !strings.Contains(out, "kubernetes-admin") || !strings.Contains(out, "[system:masters system:authenticated]") {
		t.Errorf("kubectl auth whoami printed %q", out)
	}

	if out := kubectlFails(t, "create", "token", "default", "-n", ns, "--duration=5m"); !strings.Contains(out, "may not specify a duration less than 10 minutes") {
		t.Errorf("kubectl create token --duration=5m printed %q", out)
	}
}
