package integration

import (
	"bytes"
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// TestExternalEtcdKeysAndRestart runs kapi against an etcd it does not own (--etcd-servers), checks that
// objects sit under kube-apiserver's keys in protobuf, and that a second kapi on the same etcd and data
// directory serves them again.
func TestExternalEtcdKeysAndRestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	dataDir := t.TempDir()
	opts := testserver.Options{DataDir: dataDir, Args: []string{"--etcd-servers=" + etcd.ClientURLs()[0]}}

	first, err := testserver.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	client := kubernetes.NewForConfigOrDie(first.ClientConfig)
	createNamespace(t, client, "kept")
	if _, err := client.CoreV1().Pods("kept").Create(ctx, simplePod("p", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "s"}, Spec: corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Ports: []corev1.ServicePort{{Port: 80}}}}
	if _, err := client.CoreV1().Services("kept").Create(ctx, svc, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CoreV1().Nodes().Create(ctx, &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	etcdClient := etcdClient(t, etcd)
	for _, key := range []string{"/registry/pods/kept/p", "/registry/services/specs/kept/s", "/registry/minions/n1", "/registry/namespaces/kept"} {
		resp, err := etcdClient.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Kvs) != 1 {
			t.Errorf("etcd key %s missing", key)
			continue
		}
		if !bytes.HasPrefix(resp.Kvs[0].Value, []byte("k8s\x00")) {
			t.Errorf("etcd key %s is not stored as Kubernetes protobuf: %q", key, resp.Kvs[0].Value[:min(16, len(resp.Kvs[0].Value))])
		}
	}

	second, err := testserver.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := second.Stop(); err != nil {
			t.Error(err)
		}
	}()
	pod, err := kubernetes.NewForConfigOrDie(second.ClientConfig).CoreV1().Pods("kept").Get(ctx, "p", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("pod after restart: %v", err)
	}
	if pod.Spec.Containers[0].Image != "nginx" {
		t.Fatalf("pod after restart has image %q", pod.Spec.Containers[0].Image)
	}
}
