package integration

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// createNamespace creates a namespace for one test and waits for its default service account,
// without which the ServiceAccount admission plugin refuses pods, as kube-apiserver's does.
func createNamespace(t testing.TB, client kubernetes.Interface, name string) {
	t.Helper()
	createNamespaceObject(t, client, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}})
}

// createNamespaceObject is createNamespace for a namespace with labels or annotations.
func createNamespaceObject(t testing.TB, client kubernetes.Interface, ns *corev1.Namespace) {
	t.Helper()
	ctx := context.Background()
	if _, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating namespace %s: %v", ns.Name, err)
	}
	err := wait.PollUntilContextTimeout(ctx, 50*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().ServiceAccounts(ns.Name).Get(ctx, "default", metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return false, nil
		}
		return err == nil, err
	})
	if err != nil {
		t.Fatalf("waiting for the default service account of namespace %s: %v", ns.Name, err)
	}
}

// simplePod returns a pod with one container running image.
func simplePod(name, image string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": name}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: image}}},
	}
}

// ptr returns a pointer to a copy of v, for the optional fields of API structs.
func ptr[T any](v T) *T { return &v }

// sendRaw sends one HTTP request with config's credentials, bypassing client-go's encoding so that a
// test controls the exact bytes, and returns the status code and the whole response body.
func sendRaw(t *testing.T, config *rest.Config, method, path, contentType string, body []byte) (int, []byte) {
	t.Helper()
	httpClient, err := rest.HTTPClientFor(config)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, config.Host+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// as is config impersonating user, in groups (and system:authenticated).
func as(config *rest.Config, user string, groups ...string) *rest.Config {
	c := rest.CopyConfig(config)
	c.Impersonate = rest.ImpersonationConfig{UserName: user, Groups: groups}
	return c
}

// impersonating returns a client of the shared server that acts as user in groups.
func impersonating(t *testing.T, user string, groups ...string) kubernetes.Interface {
	t.Helper()
	return kubernetes.NewForConfigOrDie(as(server.ClientConfig, user, groups...))
}

// expectStartError starts kapi with args and expects it to refuse, with an error containing want.
func expectStartError(t *testing.T, args []string, want string) {
	t.Helper()
	s, err := testserver.Start(context.Background(), testserver.Options{Args: args})
	if err == nil {
		_ = s.Stop()
		t.Fatal("kapi started")
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}
}
