package e2e

import (
	"strings"
	"testing"
)

func TestGetServiceCIDRsAndIPAddresses(t *testing.T) {
	cidrs := parseTable(t, kubectl(t, "get", "servicecidrs"))
	cidrs.wantHeader(t, "NAME", "CIDRS", "AGE")
	wantCells(t, cidrs.row(t, "kubernetes"), map[string]string{"CIDRS": "10.0.0.0/24"})

	// The kubernetes service holds the first address of the range.
	ips := parseTable(t, kubectl(t, "get", "ip", "10.0.0.1"))
	ips.wantHeader(t, "NAME", "PARENTREF")
	wantCells(t, ips.row(t, "10.0.0.1"), map[string]string{"PARENTREF": "services/default/kubernetes"})

	out := kubectl(t, "get", "servicecidr", "kubernetes", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")
	if strings.TrimSpace(out) != "True" {
		t.Errorf("Ready condition of the kubernetes ServiceCIDR = %q, want True", out)
	}
}
