package deploy_test

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// composeService is the part of a docker-compose.yaml service these tests read.
type composeService struct {
	Image string `yaml:"image"`
	Build *struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	Ports       []string          `yaml:"ports"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	DependsOn map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
}

func readCompose(t *testing.T) map[string]composeService {
	t.Helper()
	data, err := os.ReadFile("docker-compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services map[string]composeService `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("docker-compose.yaml: %v", err)
	}
	return doc.Services
}

// mountTarget returns where service s mounts the file src ("./nats/..."),
// failing the test when it does not, or when src does not exist.
func mountTarget(t *testing.T, name string, s composeService, src string) string {
	t.Helper()
	for _, v := range s.Volumes {
		from, to, _ := strings.Cut(v, ":")
		if from == src {
			if _, err := os.Stat(src); err != nil {
				t.Errorf("%s mounts %s: %v", name, src, err)
			}
			to, _, _ = strings.Cut(to, ":")
			return to
		}
	}
	t.Errorf("%s does not mount %s", name, src)
	return ""
}

// TestComposeWiring checks what docker compose cannot be run here to show:
// each server is started with the configuration file mounted for it, every
// service has a healthcheck, and both leadq instances build the image from
// deploy/Dockerfile, wait for healthy servers and reach them by service name.
func TestComposeWiring(t *testing.T) {
	services := readCompose(t)
	for name, s := range services {
		if s.Healthcheck == nil || len(s.Healthcheck.Test) < 2 {
			t.Errorf("%s has no healthcheck", name)
		}
	}
	if nats := services["nats"]; !slices.Contains(nats.Command, mountTarget(t, "nats", nats, "./nats/nats-server.conf")) {
		t.Errorf("nats does not run with its mounted configuration: %q", nats.Command)
	}
	if redis := services["redis"]; !slices.Contains(redis.Command, mountTarget(t, "redis", redis, "./redis/redis.conf")) {
		t.Errorf("redis does not run with its mounted configuration: %q", redis.Command)
	}
	var hostPorts []string
	for _, name := range []string{"leadq-1", "leadq-2"} {
		s, ok := services[name]
		if !ok {
			t.Fatalf("no service %s", name)
		}
		checkLeadq(t, name, s, services)
		hostPorts = append(hostPorts, s.Ports...)
	}
	slices.Sort(hostPorts)
	if len(slices.Compact(hostPorts)) != 2 {
		t.Errorf("the two instances publish ports %q, want one each, distinct", hostPorts)
	}
}

func checkLeadq(t *testing.T, name string, s composeService, services map[string]composeService) {
	t.Helper()
	if s.Build == nil || s.Build.Context != ".." || s.Build.Dockerfile != "deploy/Dockerfile" {
		t.Errorf("%s: want build from the repository root with deploy/Dockerfile, got %+v", name, s.Build)
	} else if _, err := os.Stat(filepath.Join(s.Build.Context, s.Build.Dockerfile)); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	if got, want := s.Environment["LEADQ_CONFIG"], mountTarget(t, name, s, "./leadq.yaml"); got != want {
		t.Errorf("%s: LEADQ_CONFIG %q, but leadq.yaml is mounted at %q", name, got, want)
	}
	for _, v := range []string{"LEADQ_NATS_URL", "LEADQ_REDIS_URL"} {
		u, err := url.Parse(s.Environment[v])
		if err != nil || services[u.Hostname()].Image == "" {
			t.Errorf("%s: %s %q does not name a service", name, v, s.Environment[v])
			continue
		}
		if s.DependsOn[u.Hostname()].Condition != "service_healthy" {
			t.Errorf("%s: does not wait for %s to be healthy", name, u.Hostname())
		}
	}
	if !slices.Equal(s.Command, []string{"serve"}) {
		t.Errorf("%s: command %q, want serve", name, s.Command)
	}
}
