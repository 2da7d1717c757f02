package integration

import (
	"bytes"
	"context"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// TestBatchEtcdKeys checks that jobs, CronJobs and (sharing the one extra server) PodDisruptionBudgets
// land under kube-apiserver's keys, in protobuf, as their batch/v1 and policy/v1 kinds.
func TestBatchEtcdKeys(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "keys")

	if _, err := client.BatchV1().Jobs("keys").Create(ctx, batchJob("pi"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.BatchV1().CronJobs("keys").Create(ctx, batchCronJob("nightly", "0 3 * * *"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.PolicyV1().PodDisruptionBudgets("keys").Create(ctx, policyPDB("web", 1), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	job := &batchv1.Job{}
	readEtcd(t, ctx, etcdClient, "/registry/jobs/keys/pi", job)
	if job.APIVersion != "batch/v1" || job.Kind != "Job" || *job.Spec.BackoffLimit != 6 {
		t.Errorf("stored job = %s %s %+v, want a defaulted batch/v1 Job", job.APIVersion, job.Kind, job.Spec)
	}
	cronJob := &batchv1.CronJob{}
	readEtcd(t, ctx, etcdClient, "/registry/cronjobs/keys/nightly", cronJob)
	if cronJob.APIVersion != "batch/v1" || cronJob.Kind != "CronJob" || cronJob.Spec.Schedule != "0 3 * * *" {
		t.Errorf("stored CronJob = %s %s %+v", cronJob.APIVersion, cronJob.Kind, cronJob.Spec)
	}
	pdb := &policyv1.PodDisruptionBudget{}
	readEtcd(t, ctx, etcdClient, "/registry/poddisruptionbudgets/keys/web", pdb)
	if pdb.APIVersion != "policy/v1" || pdb.Kind != "PodDisruptionBudget" || pdb.Spec.MinAvailable.IntValue() != 1 {
		t.Errorf("stored budget = %s %s %+v", pdb.APIVersion, pdb.Kind, pdb.Spec)
	}
	for _, key := range []string{"/registry/jobs/keys/pi", "/registry/cronjobs/keys/nightly", "/registry/poddisruptionbudgets/keys/web"} {
		resp, err := etcdClient.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if value := resp.Kvs[0].Value; !bytes.HasPrefix(value, []byte("k8s\x00")) {
			t.Errorf("%s is stored as %q..., want protobuf", key, value[:min(len(value), 16)])
		}
	}
}
