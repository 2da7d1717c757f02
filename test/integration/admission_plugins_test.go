package integration

import (
	"context"
	"strings"
	"testing"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

func TestAdmissionPluginNames(t *testing.T) {
	for args, want := range map[string]string{
		"--enable-admission-plugins=JobValidation":      `admission plugin "JobValidation" is not implemented by kapi`,
		"--enable-admission-plugins=ImagePolicyWebhook": `couldn't init admission plugin "ImagePolicyWebhook": no config specified`,
		"--enable-admission-plugins=Bogus":              `enable-admission-plugins plugin "Bogus" is unknown`,
	} {
		s, err := testserver.Start(context.Background(), testserver.Options{Args: []string{args}})
		if err == nil {
			_ = s.Stop()
			t.Errorf("%s: kapi started, want %q", args, want)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", args, err, want)
		}
	}
	// Every upstream plugin may be disabled, implemented or not.
	s := startServer(t, "--disable-admission-plugins=ServiceAccount,LimitRanger,ResourceQuota,PodSecurity,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy,NamespaceLifecycle", "--enable-admission-plugins=AlwaysAdmit")
	if got := statusOf(t, s.ClientConfig, "/api/v1/namespaces"); got != 200 {
		t.Errorf("GET /api/v1/namespaces = %d", got)
	}
}
