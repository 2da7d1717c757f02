package integration

import (
	"context"
	"fmt"
	"os"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const rootCAConfigMap = "kube-root-ca.crt"

// TestRootCACertificatePublisher checks that every namespace gets kube-root-ca.crt with the CA that
// verifies the server, and gets it back after it is deleted or changed.
func TestRootCACertificatePublisher(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ca, err := os.ReadFile(server.ClientConfig.CAFile)
	if len(server.ClientConfig.CAData) > 0 {
		ca, err = server.ClientConfig.CAData, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	want := string(ca)
	published := func(namespace string) func() error {
		return func() error { return checkRootCA(ctx, client, namespace, want) }
	}

	eventually(t, published("default"))
	eventually(t, published("kube-system"))
	createNamespace(t, client, "root-ca")
	eventually(t, published("root-ca"))

	cms := client.CoreV1().ConfigMaps("root-ca")
	if err := cms.Delete(ctx, rootCAConfigMap, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, published("root-ca"))

	cm, err := cms.Get(ctx, rootCAConfigMap, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cm.Data["ca.crt"] = "not a CA"
	delete(cm.Annotations, "kubernetes.io/description")
	if _, err := cms.Update(ctx, cm, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, published("root-ca"))
}

// TestRootCACertificatePublisherOff checks that --controllers can turn the publisher off: a namespace
// then gets its default ServiceAccount but no kube-root-ca.crt.
func TestRootCACertificatePublisherOff(t *testing.T) {
	ctx := context.Background()
	s := startServer(t, "--controllers=*,-root-ca-cert-publisher")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	createNamespace(t, client, "no-root-ca")
	eventually(t, func() error {
		_, err := client.CoreV1().ServiceAccounts("no-root-ca").Get(ctx, "default", metav1.GetOptions{})
		return err
	})
	if _, err := client.CoreV1().ConfigMaps("no-root-ca").Get(ctx, rootCAConfigMap, metav1.GetOptions{}); err == nil {
		t.Errorf("with the publisher off, namespace no-root-ca has %s", rootCAConfigMap)
	}
}

func checkRootCA(ctx context.Context, client kubernetes.Interface, namespace, want string) error {
	cm, err := client.CoreV1().ConfigMaps(namespace).Get(ctx, rootCAConfigMap, metav1.GetOptions{})
	if err != nil {
		return err
	}
	if len(cm.Data) != 1 || cm.Data["ca.crt"] != want {
		return fmt.Errorf("%s/%s data = %v, want only ca.crt with the server's CA", namespace, rootCAConfigMap, cm.Data)
	}
	const description = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."
	if got := cm.Annotations["kubernetes.io/description"]; got != description {
		return fmt.Errorf("%s/%s description = %q", namespace, rootCAConfigMap, got)
	}
	return nil
}
