package integration

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// etcdMember is one member of a cluster a test runs.
type etcdMember struct {
	etcd      *embed.Etcd
	clientURL string
	closeOnce sync.Once
}

// kill stops the member without handing its leadership over, as a crash does, and closes its
// connections.
func (m *etcdMember) kill() {
	m.etcd.Server.HardStop()
	go m.close()
}

func (m *etcdMember) close() {
	m.closeOnce.Do(m.etcd.Close)
}

// startEtcdCluster starts a cluster of n members on loopback, with elections fast enough for a
// test, and stops it when the test ends.
func startEtcdCluster(t *testing.T, n int) []*etcdMember {
	t.Helper()
	configs := make([]*embed.Config, n)
	var initial []string
	for i := range configs {
		c := embed.NewConfig()
		c.Name = fmt.Sprintf("m%d", i)
		c.Dir = t.TempDir()
		c.UnsafeNoFsync = true
		c.TickMs, c.ElectionMs = 10, 100
		c.ListenPeerUrls = []url.URL{loopbackURL(t)}
		c.AdvertisePeerUrls = c.ListenPeerUrls
		c.ListenClientUrls = []url.URL{loopbackURL(t)}
		c.AdvertiseClientUrls = c.ListenClientUrls
		c.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
		initial = append(initial, c.Name+"="+c.ListenPeerUrls[0].String())
		configs[i] = c
	}
	members := make([]*etcdMember, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, c := range configs {
		c.InitialCluster = strings.Join(initial, ",")
		wg.Go(func() {
			e, err := embed.StartEtcd(c)
			if err != nil {
				errs[i] = err
				return
			}
			members[i] = &etcdMember{etcd: e, clientURL: c.ListenClientUrls[0].String()}
			t.Cleanup(members[i].close)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("starting etcd member %d: %v", i, err)
		}
	}
	for _, m := range members {
		select {
		case <-m.etcd.Server.ReadyNotify():
		case <-time.After(30 * time.Second):
			t.Fatal("the etcd cluster did not become ready")
		}
	}
	return members
}

// loopbackURL is an http URL on a loopback port nobody listened on a moment ago.
func loopbackURL(t *testing.T) url.URL {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return url.URL{Scheme: "http", Host: "127.0.0.1:" + strconv.Itoa(l.Addr().(*net.TCPAddr).Port)}
}

// leader returns the member that leads the cluster.
func leader(t *testing.T, members []*etcdMember) *etcdMember {
	t.Helper()
	for _, m := range members {
		if m.etcd.Server.Leader() == m.etcd.Server.MemberID() {
			return m
		}
	}
	t.Fatal("the etcd cluster has no leader")
	return nil
}

// TestExternalEtcdClusterLosesItsLeader runs two kapi on a three-member etcd cluster named in
// --etcd-servers, stops the leader without a handover while both take writes, and checks that writes
// go on once the others have elected a new leader, that both servers serve every acknowledged
// object, and that concurrent Services get distinct cluster IPs and node ports.
func TestExternalEtcdClusterLosesItsLeader(t *testing.T) {
	members := startEtcdCluster(t, 3)
	var urls []string
	for _, m := range members {
		urls = append(urls, m.clientURL)
	}
	var clients []kubernetes.Interface
	for _, advertise := range []string{"198.51.100.11", "198.51.100.12"} {
		s, err := testserver.Start(context.Background(), testserver.Options{Args: []string{"--etcd-servers=" + strings.Join(urls, ","), "--advertise-address=" + advertise}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Stop() })
		clients = append(clients, kubernetes.NewForConfigOrDie(s.ClientConfig))
	}
	createNamespace(t, clients[0], "etcd-cluster")

	var (
		mu        sync.Mutex
		acked     []string
		afterKill int
		killed    = make(chan struct{})
		stop      = make(chan struct{})
		wg        sync.WaitGroup
		ctx       = context.Background()
		wasKilled = func() bool {
			select {
			case <-killed:
				return true
			default:
				return false
			}
		}
	)
	for w := range 8 {
		client := clients[w%len(clients)]
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				name := fmt.Sprintf("w%d-%d", w, i)
				if _, err := client.CoreV1().ConfigMaps("etcd-cluster").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{}); err != nil {
					continue
				}
				mu.Lock()
				acked = append(acked, name)
				if wasKilled() {
					afterKill++
				}
				mu.Unlock()
			}
		})
	}
	time.Sleep(time.Second)
	leader(t, members).kill()
	close(killed)
	eventually(t, func() error {
		mu.Lock()
		defer mu.Unlock()
		if afterKill < 50 {
			return fmt.Errorf("%d creates acknowledged since the leader stopped", afterKill)
		}
		return nil
	})
	close(stop)
	wg.Wait()

	for i, client := range clients {
		list, err := client.CoreV1().ConfigMaps("etcd-cluster").List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]bool{}
		for _, cm := range list.Items {
			stored[cm.Name] = true
		}
		for _, name := range acked {
			if !stored[name] {
				t.Errorf("server %d does not list ConfigMap %s, whose create was acknowledged", i, name)
			}
		}
	}
	t.Logf("%d creates acknowledged, %d after the leader stopped", len(acked), afterKill)
	expectDistinctAllocations(t, "etcd-cluster", 50, clients...)
}
